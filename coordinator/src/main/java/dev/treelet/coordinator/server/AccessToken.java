package dev.treelet.coordinator.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The shared secret of a coordinator reachable beyond loopback. The coordinator and everything that
 * talks to it (task managers, ./treelet) read it from the environment variable {@value #ENV} (or the
 * system property {@code treelet.token}); requests carry it as {@code Authorization: Bearer TOKEN}.
 * On loopback no token is needed; a coordinator bound anywhere else refuses to start without one.
 */
public record AccessToken(String secret) {
  public static final String ENV = "TREELET_TOKEN";
  public static final AccessToken NONE = new AccessToken(null);

  /** The token this process was given; NONE if it was given none. */
  public static AccessToken fromEnvironment() {
    String s = System.getProperty("treelet.token", System.getenv(ENV));
    return s == null || s.isBlank() ? NONE : new AccessToken(s.strip());
  }

  public boolean present() {
    return secret != null;
  }

  /** The Authorization header value. */
  public String header() {
    return "Bearer " + secret;
  }

  /** True if header (an Authorization header, or null) carries this token; compared in constant time. */
  public boolean admits(String header) {
    if (!present()) {
      return true;
    }
    byte[] want = header().getBytes(StandardCharsets.UTF_8);
    byte[] got = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(want, got);
  }

  /** Refuses to serve host beyond loopback without a token: the control stream moves a render's work. */
  static void requireFor(String host, AccessToken token) throws java.io.IOException {
    boolean loopback;
    try {
      loopback = InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new java.io.IOException("the coordinator cannot listen on unknown host " + host, e);
    }
    if (!loopback && !token.present()) {
      throw new java.io.IOException("the coordinator on " + host + " would be reachable beyond this machine:"
          + " set " + ENV + " (a shared secret) for it and for everything that talks to it, or bind 127.0.0.1");
    }
  }

  @Override
  public String toString() {
    return present() ? "AccessToken[set]" : "AccessToken[none]"; // never log the secret
  }
}
