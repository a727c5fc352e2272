extension JSONOutput {
    /// The error document's `type` for a Java exception class: its simple name
    /// (`org.apache.kafka.common.errors.TimeoutException` → `TimeoutException`).
    public static func typeName(ofJavaClass className: String) -> String {
        String(className.split(separator: ".").last ?? Substring(className))
    }

    /// Splits Java's `Throwable.toString()` text (`<class>: <message>`, as `JavaErrorText.describe`
    /// gives it) into the error document's message and type.
    public static func messageAndType(ofJavaText text: String) -> (message: String, type: String) {
        guard let separator = text.range(of: ": ") else { return (text, typeName(ofJavaClass: text)) }
        let className = String(text[..<separator.lowerBound])
        guard !className.contains(" ") else { return (text, "KafkaException") }
        return (String(text[separator.upperBound...]), typeName(ofJavaClass: className))
    }
}
