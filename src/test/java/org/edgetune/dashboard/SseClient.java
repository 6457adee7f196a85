package org.edgetune.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Server-Sent-Events reader written from the format's definition (fields {@code id}, {@code
 * event}, {@code data}, a blank line ends an event, an event without data is not one, a colon
 * starts a comment), the way a browser's EventSource reads a stream; it also resumes as EventSource
 * does, with Last-Event-ID.
 */
public final class SseClient {

  public record Event(long id, String type, String data) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;

  /** Every event taken, over all connections. */
  public final List<Event> events = new ArrayList<>();

  public int connections;

  public SseClient(String baseUrl) {
    this.uri = URI.create(baseUrl + "api/events");
  }

  public long lastId() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).id();
  }

  /**
   * Reads one connection (resuming after {@link #lastId()}) until {@code stop} holds for an event
   * taken or the server ends the stream; then drops the connection.
   *
   * @return true if the server ended the stream
   */
  public boolean readUntil(Predicate<Event> stop) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
    if (lastId() > 0) {
      request.header("Last-Event-ID", Long.toString(lastId()));
    }
    HttpResponse<java.io.InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    connections++;
    if (response.statusCode() != 200) {
      throw new IOException("GET api/events: " + response.statusCode());
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String type = "message";
      StringBuilder data = null;
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null && data.length() > 0) {
            Event event = new Event(Long.parseLong(id), type, data.toString());
            events.add(event);
            if (stop.test(event)) {
              return false;
            }
          }
          type = "message";
          data = null;
        } else if (!line.startsWith(":")) {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
          switch (field) {
            case "id" -> id = value;
            case "event" -> type = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {}
          }
        }
      }
      return true;
    }
  }
}
