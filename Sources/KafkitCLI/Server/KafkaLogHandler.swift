import Foundation
import Logging

/// Writes log lines in Kafka's log4j layout: `[yyyy-MM-dd HH:mm:ss,SSS] INFO message (logger)`.
/// The logger name is the `logger` metadata of the line (Kafka's class name), else the label.
struct KafkaLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info
    let label: String

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let name = event.metadata?["logger"].map { "\($0)" } ?? metadata["logger"].map { "\($0)" } ?? label
        let text = "[\(Self.timestamp())] \(Self.levelName(event.level)) \(event.message) (\(name))\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: return "TRACE"
        case .debug: return "DEBUG"
        case .info, .notice: return "INFO"
        case .warning: return "WARN"
        case .error: return "ERROR"
        case .critical: return "FATAL"
        }
    }

    static func timestamp(_ date: Date = Date()) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&time, &parts)
        let millis = Int(date.timeIntervalSince1970 * 1000) % 1000
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)),\(pad(Int32(millis), 3))"
    }
}
