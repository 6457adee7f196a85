package org.edgetune.report;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML report: summary tables and PNG figures embedded as data URIs, so the file
 * can be mailed or archived on its own.
 */
public final class HtmlReport {

  private final String title;
  private final List<String> sections = new ArrayList<>();

  public HtmlReport(String title) {
    this.title = title;
  }

  public HtmlReport paragraph(String text) {
    sections.add("<p>" + escape(text) + "</p>");
    return this;
  }

  public HtmlReport keyValues(String heading, Map<String, ?> values) {
    StringBuilder html = new StringBuilder("<h2>").append(escape(heading)).append("</h2><table>");
    values.forEach(
        (k, v) ->
            html.append("<tr><th>")
                .append(escape(k))
                .append("</th><td>")
                .append(escape(format(v)))
                .append("</td></tr>"));
    sections.add(html.append("</table>").toString());
    return this;
  }

  public HtmlReport table(String heading, List<String> header, List<List<?>> rows) {
    StringBuilder html =
        new StringBuilder("<h2>").append(escape(heading)).append("</h2><table><tr>");
    header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
    html.append("</tr>");
    for (List<?> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(escape(format(cell))).append("</td>"));
      html.append("</tr>");
    }
    sections.add(html.append("</table>").toString());
    return this;
  }

  public HtmlReport figure(String caption, byte[] png) {
    sections.add(
        "<figure><img alt=\""
            + escape(caption)
            + "\" src=\"data:image/png;base64,"
            + Base64.getEncoder().encodeToString(png)
            + "\"><figcaption>"
            + escape(caption)
            + "</figcaption></figure>");
    return this;
  }

  public String render() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
        + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 10px;"
        + "text-align:left}th{background:#f3f3f3}figure{margin:1.5em 0}img{max-width:100%}"
        + "figcaption{color:#555;font-size:90%}</style></head><body><h1>"
        + escape(title)
        + "</h1>\n"
        + String.join("\n", sections)
        + "\n</body></html>\n";
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return Math.abs(d) >= 1e-3 || d == 0 ? String.format("%.4f", d) : String.format("%.3e", d);
    }
    return String.valueOf(value);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
