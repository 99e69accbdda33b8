// The notes' load test, as a JVM program: RATE requests a second, each on a new socket that the client closes
// after the response (so the client keeps the TIME_WAIT). Every second it prints what failed, by message:
// "Cannot assign requested address" is connect() finding no free ephemeral port (EADDRNOTAVAIL).
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.io.FileInputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

public class ShortClient {
  public static void main(String[] args) throws Exception {
    String host = System.getenv("PORTLAB_TARGET_HOST");
    int port = Integer.parseInt(System.getenv("PORTLAB_TARGET_PORT"));
    int rate = Integer.parseInt(System.getenv().getOrDefault("RATE", "400"));
    byte[] request = ("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    // What this host's kernel gives it, read back inside its own container.
    // (Files.readString trusts the size /proc reports, and cuts the value short.)
    for (String name : new String[] {"ip_local_port_range", "tcp_tw_reuse"})
      try (FileInputStream file = new FileInputStream("/proc/sys/net/ipv4/" + name)) {
        System.out.println(name + " " + new String(file.readAllBytes(), StandardCharsets.US_ASCII).trim());
      }
    AtomicLong ok = new AtomicLong();
    Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    Semaphore inFlight = new Semaphore(256);
    Runnable one = () -> {
      byte[] buffer = new byte[4096];
      try (Socket socket = new Socket(host, port)) {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        InputStream in = socket.getInputStream();
        if (in.read(buffer) > 0) ok.incrementAndGet(); // nginx's small answer arrives in one read
      } catch (Exception e) {
        failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new AtomicLong())
            .incrementAndGet();
      } finally {
        inFlight.release();
      }
    };
    long start = System.nanoTime();
    long next = System.nanoTime();
    long printed = 0;
    for (long sent = 0; ; sent++) {
      long wait = next - System.nanoTime();
      if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      if (inFlight.tryAcquire()) pool.execute(one);
      next += 1_000_000_000L / rate;
      long second = (System.nanoTime() - start) / 1_000_000_000L;
      if (second > printed) {
        printed = second;
        System.out.println("t=" + second + "s ok " + ok.get() + " failed " + failures);
      }
    }
  }
}
