package org.edgetune.data;

/**
 * Which fields of a JSONL object or CSV column hold what.
 *
 * @param text the input text (non-empty after trimming)
 * @param label the class name (a string or number; compared as text)
 * @param group the group for {@code by-group}, or "" when the data set has none
 */
public record TableFields(String text, String label, String group) {

  public boolean hasGroup() {
    return !group.isEmpty();
  }
}
