package org.edgetune.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTokenizerTest {

  @Test
  void padsAndTruncatesToMaxLength() {
    try (TextTokenizer tokenizer = TextTokenizer.load(Fixtures.defaults())) {
      TokenBatch batch = tokenizer.encode(List.of("Hello world", "word ".repeat(200)));
      assertThat(batch.batchSize()).isEqualTo(2);
      assertThat(batch.length()).isEqualTo(64);
      // [CLS] hello world [SEP] in the uncased BERT vocabulary, then padding
      assertThat(Arrays.copyOfRange(batch.ids(), 0, 6)).containsExactly(101, 7592, 2088, 102, 0, 0);
      assertThat(Arrays.stream(batch.attentionMask(), 0, 64).sum()).isEqualTo(4);
      assertThat(batch.ids()[127]).isEqualTo(102);
      assertThat(Arrays.stream(batch.attentionMask(), 64, 128).sum()).isEqualTo(64);
      assertThat(batch.typeIds()).containsOnly(0);
    }
  }

  @Test
  void longestPaddingAndNoTruncation() {
    ModelSettings settings =
        Fixtures.settings(
            "edgetune.model { padding = longest, truncation = false, max-length = 8 }");
    try (TextTokenizer tokenizer = TextTokenizer.load(settings)) {
      assertThat(tokenizer.encode(List.of("Hello world", "ok")).length()).isEqualTo(4);
      assertThatThrownBy(() -> tokenizer.encode(List.of("word ".repeat(20))))
          .isInstanceOf(org.edgetune.config.ConfigException.class)
          .hasMessageContaining("edgetune.model.max-length = 8");
    }
  }
}
