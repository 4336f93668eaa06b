import EncmapSupport
import Foundation

/// A CSV file parsed per RFC 4180: comma-separated, fields optionally in double quotes (which may hold
/// commas, line breaks and doubled quotes), CRLF or LF line ends, a header row first. A UTF-8 byte-order
/// mark is skipped; blank lines are ignored.
public struct CSVTable: Sendable {
    /// The header's column names.
    public let header: [String]
    /// The data records; each has `header.count` fields.
    public let rows: [[String]]
    /// The 1-based line on which each record starts (for messages).
    public let lines: [Int]
    /// Where the table came from.
    public let path: String

    /// The index of a column, or nil.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses CSV text; `path` is used in messages.
    /// - Throws: `CSVError` for an unterminated quote, a quote inside an unquoted field, text after
    ///   a closing quote, a ragged record, an empty file or a duplicate header name.
    public init(text: String, path: String = "<csv>") throws {
        self.path = path
        var records: [[String]] = []
        var starts: [Int] = []
        var field = ""
        var record: [String] = []
        var line = 1, recordLine = 1
        var inQuotes = false, quotedField = false, afterQuote = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        if let first = chars.next(), first != "\u{FEFF}" { pending = first }
        func fail(_ message: String) -> CSVError { CSVError(path: path, line: line, message: message) }
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].isEmpty && !quotedField) {
                records.append(record)
                starts.append(recordLine)
            }
            record = []
            field = ""
            quotedField = false
            afterQuote = false
        }
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; afterQuote = true; pending = next }
                    } else {
                        inQuotes = false; afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                record.append(field)
                field = ""
                quotedField = false
                afterQuote = false
            case "\r":
                if let next = chars.next(), next != "\n" { pending = next }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterQuote else {
                    throw fail("a double quote inside an unquoted field; quote the whole field and double inner quotes (\"\")")
                }
                inQuotes = true
                quotedField = true
            default:
                if afterQuote { throw fail("text after a closing quote; quote the whole field") }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw CSVError(path: path, line: recordLine, message: "unterminated quoted field; close the quote") }
        if !field.isEmpty || !record.isEmpty || quotedField { endRecord() }
        guard let header = records.first else {
            throw CSVError(path: path, line: 1, message: "the file is empty; a header row is needed")
        }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw CSVError(path: path, line: starts[0], message: "the header names column '\(name)' twice")
        }
        for (k, r) in records.enumerated().dropFirst() where r.count != header.count {
            throw CSVError(path: path, line: starts[k],
                                      message: "this row has \(r.count) fields but the header has \(header.count); fix the row (quote fields that contain commas)")
        }
        self.header = header
        self.rows = Array(records.dropFirst())
        self.lines = Array(starts.dropFirst())
    }

    /// Reads and parses a CSV file.
    public static func read(_ url: URL) throws -> CSVTable {
        let data: Data
        do { data = try InputFile.read(url, expected: "a CSV file") } catch let e as FileError {
            throw CSVError(path: url.path, line: nil, message: e.reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVError(path: url.path, line: nil, message: "is not UTF-8 text")
        }
        return try CSVTable(text: text, path: url.path)
    }

    /// One CSV line (with its line feed) of the given fields, each quoted when needed.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// Quotes a field for writing when it needs it.
    public static func field(_ s: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A CSV file that cannot be read or parsed: `<path>:<line>: <problem>; <remedy>` on one line (without
/// `:<line>` when the problem is not on one line).
public struct CSVError: UserFacingError, Equatable {
    public let path: String
    /// The 1-based line, when the problem has one.
    public let line: Int?
    /// What is wrong.
    public let problem: String
    /// What to do about it, when it is not already part of `problem`.
    public let remedy: String?
    /// The error that caused this one, if any (not part of equality).
    public let cause: (any Error & Sendable)?

    /// What is wrong and what to do: `problem; remedy`.
    public var message: String { remedy.map { problem + "; " + $0 } ?? problem }

    /// A problem whose text already says what to do.
    public init(path: String, line: Int?, message: String, cause: (any Error & Sendable)? = nil) {
        self.init(path: path, line: line, problem: message, remedy: nil, cause: cause)
    }

    public init(path: String, line: Int?, problem: String, remedy: String?, cause: (any Error & Sendable)? = nil) {
        self.path = path
        self.line = line
        self.problem = problem
        self.remedy = remedy
        self.cause = cause
    }

    public var diagnostic: Diagnostic {
        Diagnostic(line.map { .line($0, of: path) } ?? .file(path), problem: problem, remedy: remedy, cause: cause)
    }

    /// Equal when they render the same: the same file, line and message; causes are not compared.
    public static func == (a: CSVError, b: CSVError) -> Bool { a.path == b.path && a.line == b.line && a.message == b.message }
}
