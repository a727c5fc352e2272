/// `ToolsUtils.printMetrics`: a blank line, a `Metric Name` / `Value` header padded to the
/// longest `group:name:{tags}`, then one line per metric sorted by that name; doubles as `%.3f`.
enum PerfMetrics {
    struct Metric {
        enum Value {
            case double(Double)
            case text(String)
        }

        var group: String
        var name: String
        var tags: String
        var value: Value

        var mergedName: String { "\(group):\(name):\(tags)" }
    }

    static func print(_ metrics: [Metric], console: ToolConsole) {
        guard !metrics.isEmpty else { return }
        let sorted = metrics.sorted { $0.mergedName.utf16.lexicographicallyPrecedes($1.mergedName.utf16) }
        let width = sorted.map(\.mergedName.count).max() ?? 0
        console.println("\n" + pad("Metric Name", width) + "   Value")
        for metric in sorted {
            let value: String
            switch metric.value {
            case .double(let number): value = JavaFloatFormat.fixed(number, precision: 3)
            case .text(let text): value = text
            }
            console.println(pad(metric.mergedName, width) + " : " + value)
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension ToolConsole {
    /// `System.out.println` as the JVM's auto-flushing stdout does it: progress lines must show
    /// while a long run goes on, not when it ends.
    func printlnFlushed(_ text: String) {
        println(text)
        out.flush()
    }
}
