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
   * @param name the page's file name in {@code out}
   * @param audit what {@code privacy.json} holds: settings, results (the strongest token attack's
   *     rates), every token attack's rates ({@code token_attacks}), at a deep cut how the learned
   *     attacks were trained ({@code learned_attacks}), and the description of the attacks
   */
  @SuppressWarnings("unchecked")
  public static void write(OutputDirectory out, String name, Map<String, Object> audit) {
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
    html.keyValues("Token recovery from the uplink (the strongest attack)", tokens);
    ((Map<String, Map<String, ?>>) audit.get("token_attacks"))
        .forEach((attack, rates) -> html.keyValues("Token attack: " + attack, rates));
    if (audit.containsKey("learned_attacks")) {
      ((Map<String, Object>) audit.get("learned_attacks"))
          .forEach(
              (k, v) -> {
                if (v instanceof Map) {
                  html.keyValues("How the " + k + " was trained", (Map<String, ?>) v);
                } else {
                  html.paragraph(k + ": " + v);
                }
              });
    }
    html.keyValues("Label recovery (feature gradient; centroid probe on the features)", labels);
    ((Map<String, String>) audit.get("attacks"))
        .forEach((attack, text) -> html.paragraph(attack + ": " + text));
    out.writeText(name, html.render());
  }
}
