package io.devrig.action.file.internal;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.dataformat.xml.ser.ToXmlGenerator;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * JSON, CSV and XML to and from JSON values, with Jackson (the one JSON toolkit) and its
 * dataformats. Errors give the line and column, never the text around them: a file's content
 * may be secret.
 *
 * <p><b>XML is hardened</b>: Woodstox is created directly (not looked up, so no other StAX
 * implementation can slip in) with DTD support and external entities off, and a document with
 * a DOCTYPE is refused before it is parsed. That stops XXE (file and URL entities) and
 * entity expansion bombs alike.
 */
final class Formats {

    static final List<String> FORMATS = List.of("json", "csv", "xml");
    /** An XML element name DevRig writes (a subset of XML names, no colon: no namespaces). */
    static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]{0,254}");

    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            // quote a cell only when it needs it (Jackson's quick check also quotes short values)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final WstxInputFactory XML_IN = hardenedInput();
    private static final XmlMapper XML = XmlMapper.builder(XmlFactory.builder().xmlInputFactory(XML_IN)
            .xmlOutputFactory(new WstxOutputFactory()).build())
            .enable(ToXmlGenerator.Feature.WRITE_XML_DECLARATION).build();

    private Formats() {
    }

    private static WstxInputFactory hardenedInput() {
        WstxInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.RESOLVER, (javax.xml.stream.XMLResolver) (publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external resources are not loaded");
        });
        return factory;
    }

    /** CSV settings: a header row (default) makes objects, else rows are arrays; one separator character. */
    record CsvOptions(boolean header, char separator) {

        static CsvOptions of(Object value, String path) {
            if (value == null) {
                return new CsvOptions(true, ',');
            }
            Map<String, Object> in = Inputs.object(value, path, Set.of("header", "separator"));
            String separator = Inputs.string(in, "separator", path, ",");
            if (separator.length() != 1 || separator.charAt(0) == '"' || separator.charAt(0) == '\n'
                    || separator.charAt(0) == '\r') {
                throw Inputs.invalid(path + ".separator", "must be one character other than a quote or a line break");
            }
            return new CsvOptions(Inputs.bool(in, "header", path, true), separator.charAt(0));
        }
    }

    /** The parsed value; {@code what} names the source in errors. For XML also the root element's name. */
    record Parsed(Object value, String root) {
    }

    static Parsed parse(String format, String text, CsvOptions csv, String what) {
        String body = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        return switch (format) {
            case "json" -> new Parsed(json(body, what), null);
            case "csv" -> new Parsed(csv(body, csv, what), null);
            case "xml" -> xml(body, what);
            default -> throw new IllegalArgumentException(format);
        };
    }

    private static Object json(String text, String what) {
        try {
            return JsonTrees.toJava(Json.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw invalid(what, "JSON", e.getLocation());
        }
    }

    private static List<Object> csv(String text, CsvOptions options, String what) {
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(options.separator());
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = CSV.readerFor(List.class).with(schema).readValues(text)) {
            while (it.hasNextValue()) {
                rows.add(it.nextValue());
            }
        } catch (JacksonException e) {
            throw invalid(what, "CSV", e.getLocation());
        } catch (IOException e) {
            throw invalid(what, "CSV", null);
        }
        if (!options.header()) {
            return new ArrayList<>(rows);
        }
        if (rows.isEmpty()) {
            return new ArrayList<>();
        }
        List<String> header = rows.get(0);
        Set<String> seen = new LinkedHashSet<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c);
            if (name.isEmpty() || !seen.add(name)) {
                throw FileErrors.of(FileErrors.UNREADABLE, what + " is not valid CSV with a header: column " + (c + 1)
                        + " of the header row is " + (name.isEmpty() ? "empty" : "a repeated name"));
            }
        }
        List<Object> objects = new ArrayList<>(rows.size() - 1);
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() > header.size()) {
                throw FileErrors.of(FileErrors.UNREADABLE, what + " is not valid CSV with a header: data row " + r
                        + " has " + row.size() + " cells, the header " + header.size());
            }
            Map<String, Object> object = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                object.put(header.get(c), c < row.size() ? row.get(c) : "");
            }
            objects.add(object);
        }
        return objects;
    }

    private static Parsed xml(String text, String what) {
        String root = null;
        XMLStreamReader reader = null;
        try {
            // the prologue first: a DOCTYPE is refused before anything else is read
            reader = XML_IN.createXMLStreamReader(new StringReader(text));
            while (reader.hasNext() && root == null) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw FileErrors.of(FileErrors.XML_DTD, what + " has a DOCTYPE; XML with a DTD (and so with "
                            + "entity declarations) is refused");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    root = reader.getLocalName();
                }
            }
        } catch (XMLStreamException e) {
            throw FileErrors.of(FileErrors.UNREADABLE, what + " is not valid XML" + at(e.getLocation() == null ? -1
                    : e.getLocation().getLineNumber(), e.getLocation() == null ? -1 : e.getLocation().getColumnNumber()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException e) {
                    // nothing held open: the source is a string
                }
            }
        }
        if (root == null) {
            throw FileErrors.of(FileErrors.UNREADABLE, what + " is not valid XML: it has no root element");
        }
        try {
            JsonNode node = XML.readTree(text);
            return new Parsed(JsonTrees.toJava(node), root);
        } catch (JsonProcessingException e) {
            throw invalid(what, "XML", e.getLocation());
        }
    }

    /** The value as text in the format. */
    static String serialize(String format, Object value, CsvOptions csv, String xmlRoot, boolean pretty) {
        JsonNode tree = tree(value);
        try {
            return switch (format) {
                case "json" -> pretty ? Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                        : Json.MAPPER.writeValueAsString(tree);
                case "csv" -> CSV.writer(CsvSchema.emptySchema().withColumnSeparator(csv.separator()))
                        .writeValueAsString(rows(value, csv));
                case "xml" -> xml(tree, xmlRoot, pretty);
                default -> throw new IllegalArgumentException(format);
            };
        } catch (JsonProcessingException e) {
            throw Inputs.invalid("$.value", "cannot be written as " + format.toUpperCase() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static JsonNode tree(Object value) {
        try {
            return JsonTrees.toTree(value, "$.value", JsonTrees.MAX_DEPTH, Integer.MAX_VALUE);
        } catch (JsonTrees.NotJsonException e) {
            throw Inputs.invalid(e.path(), e.problem());
        }
    }

    private static String xml(JsonNode tree, String root, boolean pretty) throws JsonProcessingException {
        if (!tree.isObject()) {
            throw Inputs.invalid("$.value", "XML needs an object (its fields become the root's elements), found "
                    + JsonTrees.kind(tree));
        }
        checkNames(tree, "$.value");
        var writer = XML.writer().withRootName(root);
        return (pretty ? writer.withDefaultPrettyPrinter() : writer).writeValueAsString(tree);
    }

    private static void checkNames(JsonNode node, String path) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = JsonPathText.key(path, field.getKey());
                if (!XML_NAME.matcher(field.getKey()).matches() || field.getKey().regionMatches(true, 0, "xml", 0, 3)) {
                    throw Inputs.invalid(child, "is not a name DevRig writes as an XML element (letters, digits, "
                            + "'_', '-', '.', starting with a letter or '_', not 'xml…')");
                }
                checkNames(field.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isArray()) {
                    throw Inputs.invalid(path + "[" + i + "]", "an array directly in an array has no XML form");
                }
                checkNames(node.get(i), path + "[" + i + "]");
            }
        }
    }

    /** CSV rows from an array of objects (header: their keys in first-seen order) or of arrays. */
    private static List<List<String>> rows(Object value, CsvOptions options) {
        if (!(value instanceof List<?> list)) {
            throw Inputs.invalid("$.value", "CSV needs an array of objects or of arrays, found " + JsonTrees.type(value));
        }
        boolean objects = !list.isEmpty() && list.get(0) instanceof Map<?, ?>;
        List<List<String>> rows = new ArrayList<>(list.size() + 1);
        List<String> columns = new ArrayList<>();
        if (objects) {
            Set<String> names = new LinkedHashSet<>();
            for (Object element : list) {
                if (element instanceof Map<?, ?> map) {
                    map.keySet().forEach(k -> names.add(String.valueOf(k)));
                }
            }
            columns.addAll(names);
            if (options.header()) {
                rows.add(columns);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            String path = "$.value[" + i + "]";
            List<String> row = new ArrayList<>();
            if (objects && element instanceof Map<?, ?> map) {
                for (String column : columns) {
                    row.add(cell(map.get(column), JsonPathText.key(path, column)));
                }
            } else if (!objects && element instanceof List<?> cells) {
                for (int c = 0; c < cells.size(); c++) {
                    row.add(cell(cells.get(c), path + "[" + c + "]"));
                }
            } else {
                throw Inputs.invalid(path, "must be " + (objects ? "an object" : "an array")
                        + " like the first element, found " + JsonTrees.type(element));
            }
            rows.add(row);
        }
        return rows;
    }

    private static String cell(Object value, String path) {
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Number n) {
            return n.toString();
        }
        throw Inputs.invalid(path, "a CSV cell must be a string, number, boolean or null, found " + JsonTrees.type(value));
    }

    private static io.devrig.api.error.DevRigException invalid(String what, String format, JsonLocation location) {
        return FileErrors.of(FileErrors.UNREADABLE, what + " is not valid " + format
                + (location == null ? "" : at(location.getLineNr(), location.getColumnNr())));
    }

    private static String at(int line, int column) {
        return line < 0 ? "" : " (line " + line + ", column " + column + ")";
    }
}
