import FuzzSupport
import EncmapIO

/// Parses arbitrary bytes (as UTF-8, invalid sequences replaced) as CSV. Every outcome must be a
/// rectangular table whose line numbers increase, or a one-line `CSVError`; a parsed table written
/// back with `CSVTable.line` must parse to the same table.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    let table: CSVTable
    do {
        table = try CSVTable(text: text, path: "fuzz.csv")
    } catch let error as CSVError {
        FuzzCheck.oneLine(error, "fuzz-csv")
        if let line = error.line {
            let lineCount = text.unicodeScalars.filter { $0 == "\n" || $0 == "\r" }.count + 1
            FuzzCheck.require(line >= 1 && line <= lineCount, "error line \(line) outside 1…\(lineCount)", "fuzz-csv")
        }
        return 0
    } catch {
        fatalError("fuzz-csv: unexpected error type \(type(of: error)): \(error)")
    }
    FuzzCheck.require(!table.header.isEmpty, "empty header", "fuzz-csv")
    FuzzCheck.require(table.rows.allSatisfy { $0.count == table.header.count }, "ragged table accepted", "fuzz-csv")
    FuzzCheck.require(table.rows.count == table.lines.count, "rows and lines differ", "fuzz-csv")
    FuzzCheck.require(zip(table.lines, table.lines.dropFirst()).allSatisfy { $0 < $1 }, "lines not increasing", "fuzz-csv")
    // Round trip. By design, a lone empty field is a blank line (skipped) and a leading U+FEFF is a
    // byte-order mark (dropped), so tables that start with either are not expected to survive.
    let records = [table.header] + table.rows
    if !records.contains(where: { $0.count == 1 && $0[0].isEmpty }), table.header[0].unicodeScalars.first != "\u{FEFF}" {
        let written = records.map(CSVTable.line).joined()
        do {
            let again = try CSVTable(text: written, path: "fuzz.csv")
            FuzzCheck.require(again.header == table.header && again.rows == table.rows,
                              "round trip changed the table: \(records) → \([again.header] + again.rows)", "fuzz-csv")
        } catch {
            fatalError("fuzz-csv: the written table does not parse: \(error) for \(written.debugDescription)")
        }
    }
    return 0
}
