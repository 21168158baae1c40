package io.devrig.sdk.testkit;

import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.common.plugin.DescriptorException;
import io.devrig.common.plugin.DescriptorReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A plugin as its build laid it out in the classes folder: the manifest bnd wrote, the
 * descriptor read by the plugin host's own {@link DescriptorReader}, and the DS component
 * XMLs ({@code OSGI-INF/*.xml}) with their services and {@code devrig.capability} values.
 *
 * @param descriptor null when it could not be read ({@code problems} says why)
 * @param problems one line each, empty when the descriptor was accepted
 */
record BuiltPlugin(PluginDescriptor descriptor, List<String> problems, List<Component> components) {

    /** System property naming the classes folder (the plugin parent sets it); {@code target/classes} otherwise. */
    static final String CLASSES_PROPERTY = "devrig.plugin.classes";

    /** A DS component: its name, the services it provides, its {@code devrig.capability} values. */
    record Component(String name, List<String> services, List<String> capabilities) {
    }

    static Path classesDirectory() {
        return Path.of(System.getProperty(CLASSES_PROPERTY, "target/classes"));
    }

    static BuiltPlugin read(Path classes) {
        List<String> problems = new ArrayList<>();
        List<Component> components = components(classes, problems);
        Path manifestFile = classes.resolve("META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifestFile)) {
            problems.add(manifestFile + " is missing: bnd-maven-plugin did not run (a plugin inherits"
                    + " io.devrig:devrig-plugin-parent, which binds it)");
            return new BuiltPlugin(null, problems, components);
        }
        Attributes main;
        try (InputStream in = Files.newInputStream(manifestFile)) {
            main = new Manifest(in).getMainAttributes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String location = main.getValue(PluginConstants.PLUGIN_HEADER);
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (location == null || symbolicName == null) {
            problems.add("the bundle has no " + (location == null ? PluginConstants.PLUGIN_HEADER : "Bundle-SymbolicName")
                    + " header, so DevRig would not take it for a plugin");
            return new BuiltPlugin(null, problems, components);
        }
        symbolicName = symbolicName.split(";")[0].trim();
        Optional<byte[]> json = resource(classes, location);
        if (json.isEmpty()) {
            problems.add("plugin.json: " + location + " (the " + PluginConstants.PLUGIN_HEADER
                    + " header) is not in the bundle; put it in src/main/resources/" + location);
            return new BuiltPlugin(null, problems, components);
        }
        try {
            PluginDescriptor d = new DescriptorReader(path -> resource(classes, path))
                    .read(json.get(), location, symbolicName, main.getValue("Bundle-Version"));
            return new BuiltPlugin(d, problems, components);
        } catch (DescriptorException e) {
            e.problems().forEach(p -> problems.add("plugin.json: " + p));
            return new BuiltPlugin(null, problems, components);
        }
    }

    private static Optional<byte[]> resource(Path classes, String path) {
        Path file = classes.resolve(path).normalize();
        try {
            return file.startsWith(classes.normalize()) && Files.isRegularFile(file)
                    ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The component XMLs bnd generated from the {@code @Component} annotations. */
    private static List<Component> components(Path classes, List<String> problems) {
        Path folder = classes.resolve("OSGI-INF");
        List<Component> result = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return result;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        for (Path file : files) {
            try {
                factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                NodeList found = factory.newDocumentBuilder().parse(file.toFile()).getElementsByTagNameNS("*", "component");
                for (int i = 0; i < found.getLength(); i++) {
                    result.add(component((Element) found.item(i)));
                }
            } catch (Exception e) {
                problems.add(file + ": not a readable component description: " + e.getMessage());
            }
        }
        return result;
    }

    private static Component component(Element element) {
        List<String> services = new ArrayList<>();
        NodeList provides = element.getElementsByTagNameNS("*", "provide");
        for (int i = 0; i < provides.getLength(); i++) {
            services.add(((Element) provides.item(i)).getAttribute("interface"));
        }
        List<String> capabilities = new ArrayList<>();
        NodeList properties = element.getElementsByTagNameNS("*", "property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (PluginConstants.CAPABILITY_PROPERTY.equals(property.getAttribute("name"))) {
                String values = property.hasAttribute("value") ? property.getAttribute("value") : property.getTextContent();
                values.lines().map(String::trim).filter(v -> !v.isEmpty()).forEach(capabilities::add);
            }
        }
        return new Component(element.getAttribute("name"), services, capabilities);
    }
}
