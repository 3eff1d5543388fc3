import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import org.apache.iceberg.rest.RESTCatalogServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the Apache Iceberg REST fixture (iceberg-open-api's RESTCatalogServer, configured by CATALOG_* variables)
 * on 127.0.0.1 only. The fixture's own main binds every interface and has no host setting; this starts it the same
 * way, then rebinds its connectors to loopback before printing the ready line the env script waits for.
 */
public final class LoopbackRestCatalog {
  public static void main(String[] args) throws Exception {
    Constructor<RESTCatalogServer> create = RESTCatalogServer.class.getDeclaredConstructor();
    create.setAccessible(true);
    RESTCatalogServer server = create.newInstance();
    server.start(false);
    Field field = RESTCatalogServer.class.getDeclaredField("httpServer");
    field.setAccessible(true);
    Server http = (Server) field.get(server);
    int port = -1;
    for (Connector connector : http.getConnectors()) {
      ServerConnector c = (ServerConnector) connector;
      c.stop();
      c.setHost("127.0.0.1");
      c.start();
      port = c.getLocalPort();
    }
    System.out.println("instalake-rest-catalog-ready 127.0.0.1:" + port);
    http.join();
  }
}
