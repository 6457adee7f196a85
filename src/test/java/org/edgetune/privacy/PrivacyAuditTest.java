package org.edgetune.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.edgetune.actors.DeviceActor;
import org.edgetune.actors.EdgeServerActor;
import org.edgetune.data.Example;
import org.edgetune.model.EmbeddedBatch;
import org.edgetune.model.LabeledTokens;
import org.edgetune.model.ModelSettings;
import org.edgetune.model.SplitLoraModel;
import org.edgetune.model.TextTokenizer;
import org.edgetune.model.TokenBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the audit's attacks on the real model, pinned to the rates they reach. The inversion's
 * candidate tables are a second implementation of the embedding module (plain Java from the ONNX
 * weights), so exact recovery also checks the device's bytes against it; and what is attacked is
 * what the cluster's serializer carries, byte for byte.
 */
class PrivacyAuditTest {

  /** Sentences of our own, with the kind of content a device must not give away. */
  static final List<String> SENTENCES =
      List.of(
          "Hi Margaret, your PIN is 4471 and your account number is 0038-2291-5567.",
          "Dr. Okonkwo confirmed the biopsy: stage II melanoma, start treatment on Monday.",
          "URGENT: verify your PayPal password at the link below or your account will be closed!!!",
          "Lunch with Tomasz at the Vietnamese place on Fifth Street, 12:30?",
          "You have been selected for a $5,000 cash prize. Reply with your social security number.",
          "The divorce hearing moved to March 3rd; bring the custody papers and bank statements.",
          "Meeting notes: Q3 revenue missed by 4%, layoffs in the Leeds office are likely.",
          "Cheap meds online, no prescription needed, discreet shipping worldwide.",
          "ok",
          "Your parcel 1Z999AA10123456784 is held at customs, pay the fee of 2.99 GBP to release it.");

  static final int[] LABELS = {0, 0, 1, 0, 1, 0, 0, 1, 0, 1};

  private static SplitLoraModel model;
  private static TextTokenizer tokenizer;
  private static VocabularyInversion inversion;
  private static LabeledTokens texts;

  @BeforeAll
  static void load() {
    ModelSettings settings = ModelSettings.fromConfig(ConfigFactory.defaultReference().resolve());
    model = SplitLoraModel.load(settings);
    tokenizer = TextTokenizer.load(settings);
    inversion = VocabularyInversion.of(settings.model());
    List<Example> emails = new ArrayList<>();
    for (int i = 0; i < SENTENCES.size(); i++) {
      emails.add(
          new Example("fixture-" + i, "fixture-" + i, "fixture", SENTENCES.get(i), LABELS[i]));
    }
    texts = LabeledTokens.of(emails, tokenizer);
  }

  @AfterAll
  static void close() {
    inversion.close();
    tokenizer.close();
    model.close();
  }

  @Test
  void withoutDefencesTheServerRecoversEveryTokenAndEveryLabel() {
    PrivacyAudit.Result r =
        new PrivacyAudit(model, PrivacySettings.NONE, 42, 4).run(texts, inversion);
    assertThat(r.texts()).isEqualTo(10);
    assertThat(r.tokenRecovery()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.contentTokenRecovery()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.textsHalfRecovered()).isEqualTo(1.0);
    assertThat(r.gradientLabelRecovery()).isEqualTo(1.0);
  }

  /**
   * σ = 1 (noise as large as the signal) still gives the server everything: no meaningful privacy.
   */
  @Test
  void noiseAsLargeAsTheSignalStillLeavesTokensAndLabelsRecoverable() {
    PrivacyAudit.Result r =
        new PrivacyAudit(model, new PrivacySettings(1, 4, 20), 42, 4).run(texts, inversion);
    assertThat(r.tokenRecovery()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.gradientLabelRecovery()).isEqualTo(1.0);
  }

  @Test
  void strongNoiseCutsTokenAndGradientLabelRecovery() {
    PrivacyAudit.Result r =
        new PrivacyAudit(model, new PrivacySettings(STRONG_UPLINK, STRONG_GRADIENT, 20), 42, 4)
            .run(texts, inversion);
    assertThat(r.tokenRecovery()).isLessThan(TOKEN_RECOVERY_BELOW);
    assertThat(r.gradientLabelRecovery()).isLessThanOrEqualTo(0.8);
  }

  @Test
  void theAuditAttacksTheBytesTheClusterSerializerCarries() {
    PrivacyAudit audit = new PrivacyAudit(model, new PrivacySettings(0.1, 0, 20), 42, 4);
    TokenBatch tokens = texts.range(0, 4).tokens();
    EmbeddedBatch attacked = audit.uplink(tokens, 0);
    ActorTestKit kit = ActorTestKit.create("privacy-wire");
    try {
      Serialization serialization = SerializationExtension.get(kit.system());
      EdgeServerActor.UploadEmbeddings upload =
          new EdgeServerActor.UploadEmbeddings(
              1,
              0,
              0,
              0,
              audit.uplink(tokens, 0),
              kit.<DeviceActor.Command>createTestProbe().getRef());
      Serializer serializer = serialization.findSerializerFor(upload);
      assertThat(serializer).isInstanceOf(JacksonCborSerializer.class);
      byte[] wire = serialization.serialize(upload).get();
      EdgeServerActor.UploadEmbeddings received =
          (EdgeServerActor.UploadEmbeddings)
              serialization
                  .deserialize(
                      wire, serializer.identifier(), Serializers.manifestFor(serializer, upload))
                  .get();
      assertThat(received.batch().embeddings().data()).isEqualTo(attacked.embeddings().data());
      assertThat(received.batch().attentionMask().data())
          .isEqualTo(attacked.attentionMask().data());
    } finally {
      kit.shutdownTestKit();
    }
  }

  static final double STRONG_UPLINK = 16;
  static final double STRONG_GRADIENT = 64;
  static final double TOKEN_RECOVERY_BELOW = 0.5;
}
