package org.edgetune.data;

/** One record of a user data file before its label is resolved to a class index. */
record TableRow(long line, String text, String label, String group) {}
