package io.medsieve.testsupport.documents;

/**
 * Hand-written XMP packets. Written by hand rather than with xmpbox because test-support only depends
 * on pdfbox core, and a fixed template makes it obvious which properties a stripper has to find.
 */
final class Xmp {

    private Xmp() {
    }

    static String packet(DocumentMetadata md) {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
                .append("  <rdf:Description rdf:about=\"\"\n")
                .append("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n")
                .append("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n")
                .append("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
        if (md.title() != null) {
            sb.append("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">").append(escape(md.title()))
                    .append("</rdf:li></rdf:Alt></dc:title>\n");
        }
        if (md.author() != null) {
            sb.append("   <dc:creator><rdf:Seq><rdf:li>").append(escape(md.author()))
                    .append("</rdf:li></rdf:Seq></dc:creator>\n");
        }
        if (md.subject() != null) {
            sb.append("   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">").append(escape(md.subject()))
                    .append("</rdf:li></rdf:Alt></dc:description>\n");
        }
        if (md.keywords() != null) {
            sb.append("   <pdf:Keywords>").append(escape(md.keywords())).append("</pdf:Keywords>\n");
        }
        if (md.producer() != null) {
            sb.append("   <pdf:Producer>").append(escape(md.producer())).append("</pdf:Producer>\n");
        }
        if (md.creator() != null) {
            sb.append("   <xmp:CreatorTool>").append(escape(md.creator())).append("</xmp:CreatorTool>\n");
        }
        sb.append("  </rdf:Description>\n")
                .append(" </rdf:RDF>\n")
                .append("</x:xmpmeta>\n")
                .append("<?xpacket end=\"w\"?>");
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
