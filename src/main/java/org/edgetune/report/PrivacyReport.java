package org.edgetune.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgetune.output.OutputDirectory;

/**
 * The report section of a privacy audit: the attacks' recovery rates under the configured defences.
 */
public final class PrivacyReport {

  private PrivacyReport() {}

  /**
   * @param audit what {@code privacy.json} holds: settings, results and the description of the
   *     attacks; at a deep cut also the token attack's name ({@code token_attack}) and how it was
   *     trained ({@code learned_inversion}) and the other token attacks' rates ({@code
   *     other_token_attacks})
   */
  @SuppressWarnings("unchecked")
  public static void write(OutputDirectory out, Map<String, Object> audit) {
    HtmlReport html = new HtmlReport("EdgeTune privacy audit");
    html.paragraph(
        "What an honest-but-curious edge server recovers from exactly what it receives in a round "
            + "(uploaded embeddings, uploaded feature gradients, its own features), measured on the test split.");
    html.keyValues("Setting", (Map<String, ?>) audit.get("setting"));
    Map<String, Object> tokens = new LinkedHashMap<>();
    Map<String, Object> labels = new LinkedHashMap<>();
    ((Map<String, Object>) audit.get("result"))
        .forEach(
            (k, v) -> {
              if (k.contains("label") || k.contains("class") || k.contains("probe")) {
                labels.put(k, v);
              } else {
                tokens.put(k, v);
              }
            });
    Object attack = audit.getOrDefault("token_attack", "nearest neighbour over the vocabulary");
    html.keyValues("Token recovery from the uplink (" + attack + ")", tokens);
    if (audit.containsKey("learned_inversion")) {
      html.keyValues(
          "How the learned inversion was trained", (Map<String, ?>) audit.get("learned_inversion"));
      html.keyValues(
          "Other token attacks on the same uploads",
          (Map<String, ?>) audit.get("other_token_attacks"));
    }
    html.keyValues("Label recovery (feature gradient; centroid probe on the features)", labels);
    ((Map<String, String>) audit.get("attacks"))
        .forEach((name, text) -> html.paragraph(name + ": " + text));
    out.writeText("report.html", html.render());
  }
}
