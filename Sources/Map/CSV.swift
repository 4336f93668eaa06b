import Foundation

/// A parsed CSV file: a header and records of the same width.
public struct CSVTable: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]
    /// The 1-based line on which each record starts (a quoted field may span lines).
    public let rowLines: [Int]
}

/// A CSV parse error. The description names the source and line.
public enum CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    case raggedRow(source: String, line: Int, expected: Int, found: Int)
    case unterminatedQuote(source: String, line: Int)
    case empty(source: String)

    public var description: String {
        switch self {
        case let .raggedRow(source, line, expected, found):
            return "\(source):\(line): row has \(found) fields but the header has \(expected); fix or quote the fields of that line"
        case let .unterminatedQuote(source, line):
            return "\(source):\(line): quoted field never closed; add the closing double quote"
        case let .empty(source):
            return "\(source): no header row; the CSV file is empty"
        }
    }
}

/// A small RFC 4180 reader and field writer.
///
/// Fields are separated by commas, records by LF or CRLF. A field that starts with `"` is quoted: it
/// may contain commas, line breaks, and `""` for a literal quote. Characters after a closing quote
/// are kept literally (lenient). Completely empty lines are skipped. Every record must have as many
/// fields as the header, otherwise `CSVError.raggedRow` names its line.
public enum CSV {
    /// Parses `text`; `source` names it in errors.
    /// - Complexity: O(length of text).
    public static func parse(_ text: String, source: String = "<csv>") throws -> CSVTable {
        let bytes = Array(text.utf8)
        var records: [[String]] = [], lines: [Int] = []
        var record: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var i = 0
        var fieldStarted = false // whether the current record has any content
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        func endRecord() {
            record.append(String(decoding: field, as: UTF8.self)); field.removeAll()
            if !(record.count == 1 && record[0].isEmpty && !fieldStarted) {
                records.append(record); lines.append(recordLine)
            }
            record = []; fieldStarted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == quote && field.isEmpty {
                // Quoted field.
                fieldStarted = true
                let openLine = line
                i += 1
                var closed = false
                while i < bytes.count {
                    let q = bytes[i]
                    if q == quote {
                        if i + 1 < bytes.count && bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                        closed = true; i += 1; break
                    }
                    if q == lf { line += 1 }
                    field.append(q); i += 1
                }
                if !closed { throw CSVError.unterminatedQuote(source: source, line: openLine) }
                continue
            }
            if c == comma {
                fieldStarted = true
                record.append(String(decoding: field, as: UTF8.self)); field.removeAll()
                i += 1
            } else if c == lf || c == cr {
                endRecord()
                if c == cr && i + 1 < bytes.count && bytes[i + 1] == lf { i += 1 }
                i += 1; line += 1; recordLine = line
            } else {
                fieldStarted = true
                field.append(c); i += 1
            }
        }
        if fieldStarted || !field.isEmpty || !record.isEmpty { endRecord() }
        guard let header = records.first else { throw CSVError.empty(source: source) }
        for (r, l) in zip(records.dropFirst(), lines.dropFirst()) where r.count != header.count {
            throw CSVError.raggedRow(source: source, line: l, expected: header.count, found: r.count)
        }
        return CSVTable(header: header, rows: Array(records.dropFirst()), rowLines: Array(lines.dropFirst()))
    }

    /// Reads and parses the file at `path`.
    /// - Throws: `MapError.io` when it cannot be read, `CSVError` when it is malformed.
    public static func read(path: String) throws -> CSVTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MapError.io(path: path, detail: "cannot read the CSV file")
        }
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// A field for writing: quoted (with `""` for quotes) when it holds a comma, quote, CR or LF.
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A line of fields joined by commas, ending in LF.
    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
