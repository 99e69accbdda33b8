// A JVM load-test client like the notes' author's: THREADS threads, each opening a new socket per request and
// closing it after the response (the client closes first: TIME_WAIT stays here). Every second it prints what
// failed, by message ("Cannot assign requested address" is EADDRNOTAVAIL).
// Run it with: java examples/command-client/LoadClient.java   (Java 11+ runs a single source file)
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

public class LoadClient {
  public static void main(String[] args) throws Exception {
    String host = System.getenv("PORTLAB_TARGET_HOST");
    int port = Integer.parseInt(System.getenv("PORTLAB_TARGET_PORT"));
    int threads = Integer.parseInt(System.getenv().getOrDefault("THREADS", "4"));
    byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    AtomicLong ok = new AtomicLong();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    for (int t = 0; t < threads; t++) {
      new Thread(() -> {
        byte[] buffer = new byte[4096];
        while (true) {
          try (Socket socket = new Socket(host, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request);
            InputStream in = socket.getInputStream();
            // nginx's answer is small: its first read holds the whole response.
            if (in.read(buffer) > 0) ok.incrementAndGet();
          } catch (Exception e) {
            failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new AtomicLong())
                .incrementAndGet();
            try { Thread.sleep(1); } catch (InterruptedException stop) { return; }
          }
        }
      }).start();
    }
    while (true) {
      Thread.sleep(1000);
      System.out.println("ok " + ok.get() + " failed " + failures);
    }
  }
}
