package org.edgetune.schedule;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgetune.config.ConfigException;

/**
 * Finds the class of {@code edgetune.schedule.policy = class:NAME} on the plugin classpath ({@code
 * edgetune.schedule.classpath}: jars and directories separated by ':', set by {@code --classpath}
 * or {@code EDGETUNE_CLASSPATH}), checks that it can be built, and builds it. The check runs while
 * the config is validated, so a missing or unusable class is bad input: one line naming the class
 * and the classpath searched, exit code 2, nothing written.
 */
public final class PolicyPlugin {

  public static final String PREFIX = "class:";

  private PolicyPlugin() {}

  /** Whether {@code policy} names a plugin class rather than a built-in policy. */
  public static boolean isPlugin(String policy) {
    return policy.startsWith(PREFIX);
  }

  /** The class name of a {@code class:NAME} policy. */
  public static String className(String policy) {
    return policy.substring(PREFIX.length()).strip();
  }

  /**
   * The policy class, checked: public, concrete, implementing {@link SchedulingPolicy}, with a
   * public constructor taking a {@link PolicyContext} or nothing.
   *
   * @param key the config key the policy came from, for messages
   * @throws ConfigException naming the key, the class and the classpath searched
   */
  public static Class<? extends SchedulingPolicy> find(
      String key, String policy, String classpath) {
    return find(key, policy, classpath, loader(key, classpath));
  }

  /**
   * Checks the class as {@link #find} does, for validation only: the loader is closed afterwards
   * (the run loads the class again when it builds the policy).
   */
  public static void check(String key, String policy, String classpath) {
    ClassLoader loader = loader(key, classpath);
    try {
      find(key, policy, classpath, loader);
    } finally {
      if (loader instanceof URLClassLoader own) {
        try {
          own.close();
        } catch (java.io.IOException e) {
          // Only open jar files to release; the check's answer stands.
        }
      }
    }
  }

  private static Class<? extends SchedulingPolicy> find(
      String key, String policy, String classpath, ClassLoader loader) {
    String name = className(policy);
    String searched =
        "searched the classpath ["
            + classpath
            + "] (--classpath or EDGETUNE_CLASSPATH) and EdgeTune's own";
    if (!name.matches(
        "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*")) {
      throw new ConfigException(
          key
              + " = "
              + policy
              + ": '"
              + name
              + "' is not a Java class name (class:com.example.MyPolicy)");
    }
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new ConfigException(
          key + " = " + policy + ": class " + name + " not found; " + searched);
    } catch (LinkageError e) {
      throw new ConfigException(
          key + " = " + policy + ": class " + name + " cannot be loaded (" + e + "); " + searched);
    }
    String found = key + " = " + policy + ": class " + name + " (from " + origin(type) + ")";
    if (!SchedulingPolicy.class.isAssignableFrom(type)) {
      throw new ConfigException(found + " does not implement " + SchedulingPolicy.class.getName());
    }
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new ConfigException(found + " must be a public, non-abstract class");
    }
    if (constructor(type) == null) {
      throw new ConfigException(
          found
              + " has no public constructor taking no arguments or a "
              + PolicyContext.class.getName());
    }
    return type.asSubclass(SchedulingPolicy.class);
  }

  /**
   * A new instance of the checked class, through its {@link PolicyContext} constructor if it has
   * one, else its no-argument one.
   *
   * @throws PolicyFailedException (round 0) when the constructor throws
   */
  static SchedulingPolicy build(Class<? extends SchedulingPolicy> type, PolicyContext context) {
    Constructor<?> c = constructor(type);
    try {
      Object policy = c.getParameterCount() == 1 ? c.newInstance(context) : c.newInstance();
      return (SchedulingPolicy) policy;
    } catch (InvocationTargetException e) {
      throw new PolicyFailedException(
          PREFIX + type.getName(), 0, "its constructor threw " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new PolicyFailedException(PREFIX + type.getName(), 0, "cannot be constructed: " + e, e);
    }
  }

  private static Constructor<?> constructor(Class<?> type) {
    try {
      return type.getConstructor(PolicyContext.class);
    } catch (NoSuchMethodException e) {
      try {
        return type.getConstructor();
      } catch (NoSuchMethodException none) {
        return null;
      }
    }
  }

  /** A loader over the classpath's entries, delegating to EdgeTune's own classes first. */
  private static ClassLoader loader(String key, String classpath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry.strip());
      if (!Files.exists(path)) {
        throw new ConfigException(
            key + ": classpath entry " + path + " does not exist (classpath [" + classpath + "])");
      }
      try {
        urls.add(path.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new ConfigException(
            key + ": classpath entry " + path + " is not a usable path: " + e.getMessage());
      }
    }
    ClassLoader parent = SchedulingPolicy.class.getClassLoader();
    return urls.isEmpty()
        ? parent
        : new URLClassLoader("edgetune-policy", urls.toArray(URL[]::new), parent);
  }

  private static String origin(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null
        ? "EdgeTune's classpath"
        : source.getLocation().getPath();
  }
}
