import Foundation

/// An array read from a NumPy `.npy` file, converted to `Double`, elements in C (row-major) order.
///
/// For a 2-D array of shape (r, c) the storage is row-major, which is also the column-major c×r
/// transpose: an embedding file of shape (n, d) gives the column-major d×n matrix Eᵀ with no copy.
public struct NPYArray: Sendable {
    /// The array's shape as the header states it (one or two dimensions).
    public let shape: [Int]
    /// Elements in row-major order, converted to Float64.
    public var storage: [Double]
}

/// Reading and writing NumPy's `.npy` format (versions 1.0, 2.0 and 3.0).
///
/// Read: dtypes float16, float32 and float64 in little-, big- or native-endian byte order; C or Fortran
/// order; 1-D and 2-D arrays. Everything else — integer, boolean, complex, object, string and structured
/// dtypes, 0-D or ≥3-D arrays, truncated data, a bad magic string, a header whose shape disagrees with the
/// file's size — is rejected with an `FileError` naming the file and the reason.
/// Write: float64 1-D and 2-D arrays (format 1.0), atomically (temporary file, then rename).
public enum NPY {
    /// The element types encmap reads.
    public enum ScalarType: Sendable, Equatable {
        case float16, float32, float64
        var size: Int {
            switch self {
            case .float16: 2
            case .float32: 4
            case .float64: 8
            }
        }
    }

    /// The parsed header of a `.npy` file.
    public struct Header: Sendable, Equatable {
        /// Element type.
        public let scalarType: ScalarType
        /// True when elements are stored big-endian.
        public let bigEndian: Bool
        /// True when the data are in Fortran (column-major) order.
        public let fortranOrder: Bool
        /// The array's shape.
        public let shape: [Int]
        /// Byte offset of the first data byte.
        public let dataOffset: Int
        /// Number of elements, the product of `shape`.
        public var count: Int { shape.reduce(1, *) }
    }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Parses and checks the header at the start of `bytes`; `path` is used in messages.
    ///
    /// Checks the magic string, the version, the header's dictionary, the dtype, the dimensionality and
    /// that the file holds exactly the bytes the shape promises.
    public static func parseHeader(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Header {
        try parseHeader(prefix: bytes, fileSize: bytes.count, path: path)
    }

    /// Parses the header from the first bytes of a file of `fileSize` bytes: `prefix` must hold at least
    /// the whole header (or the whole file, when shorter); the data need not be in memory.
    static func parseHeader(prefix bytes: UnsafeRawBufferPointer, fileSize: Int, path: String) throws -> Header {
        let resave = "re-save it with numpy.save(path, array.astype(numpy.float32))"
        func fail(_ problem: String, _ remedy: String) -> FileError { FileError(path: path, problem: problem, remedy: remedy) }
        guard fileSize >= 10, bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail("not a .npy file (bad magic string; expected \\x93NUMPY)", resave)
        }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard fileSize >= 12, bytes.count >= 12 else { throw fail("truncated .npy header", resave) }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major).\(minor) (encmap reads 1.0, 2.0 and 3.0)", resave)
        }
        guard headerStart + headerLength <= fileSize, headerStart + headerLength <= bytes.count else {
            throw fail("truncated .npy header (it announces \(headerLength) bytes, the file has \(fileSize - headerStart))", resave)
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart..<(headerStart + headerLength)])
        guard let text = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw fail("the .npy header is not valid text", resave)
        }
        let dict: [String: HeaderValue]
        do {
            var parser = HeaderParser(text: text)
            dict = try parser.parseDictionary()
        } catch let error as HeaderParser.Failure {
            throw fail("malformed .npy header (\(error.message))", resave)
        }
        for key in ["descr", "fortran_order", "shape"] where dict[key] == nil {
            throw fail("the .npy header lacks the key '\(key)'", resave)
        }
        let descr: String
        switch dict["descr"]! {
        case .string(let s): descr = s
        case .list: throw fail("structured dtypes are not supported (need a plain float array)", resave)
        default: throw fail("the .npy header's 'descr' is not a dtype string", resave)
        }
        guard case .bool(let fortran) = dict["fortran_order"]! else {
            throw fail("the .npy header's 'fortran_order' is not True or False", resave)
        }
        guard case .tuple(let shape) = dict["shape"]! else {
            throw fail("the .npy header's 'shape' is not a tuple of integers", resave)
        }
        let (scalar, bigEndian) = try parseDescr(descr, fail: fail, resave: resave)
        guard shape.count == 1 || shape.count == 2 else {
            let s = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
            throw fail("\(shape.count)-D array of shape \(s) is not supported (encmap reads 1-D feature vectors and 2-D sentences×dimension embeddings)", "reshape it to (n_sentences, dim)")
        }
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard dim >= 0 else { throw fail("the .npy header's shape has a negative dimension (\(dim))", resave) }
            guard !overflow else { throw fail("the .npy header's shape is impossibly large", resave) }
            count = product
        }
        let dataOffset = headerStart + headerLength
        let (expected, overflow) = count.multipliedReportingOverflow(by: scalar.size)
        let actual = fileSize - dataOffset
        let shapeText = "(" + shape.map(String.init).joined(separator: ", ") + (shape.count == 1 ? ",)" : ")")
        if overflow || actual < expected {
            throw fail("truncated data: the header's shape \(shapeText) of \(descr) needs \(overflow ? "more than \(Int.max)" : String(expected)) bytes, the file holds \(actual)", "the file was cut short — regenerate it")
        }
        if actual > expected {
            throw fail("the header's shape \(shapeText) of \(descr) accounts for \(expected) data bytes but the file holds \(actual)", "the header disagrees with the data — regenerate the file")
        }
        return Header(scalarType: scalar, bigEndian: bigEndian, fortranOrder: fortran, shape: shape, dataOffset: dataOffset)
    }

    static func parseDescr(_ descr: String, fail: (String, String) -> FileError, resave: String) throws -> (ScalarType, Bool) {
        guard let first = descr.first else { throw fail("empty dtype in the .npy header", resave) }
        var rest = Substring(descr)
        var bigEndian = false
        switch first {
        case "<", "|": rest = rest.dropFirst()
        case "=": rest = rest.dropFirst(); bigEndian = (1.bigEndian == 1)
        case ">": rest = rest.dropFirst(); bigEndian = true
        default: break
        }
        let kind = rest.first.map(String.init) ?? ""
        let size = Int(rest.dropFirst()) ?? -1
        switch (kind, size) {
        case ("f", 2): return (.float16, bigEndian)
        case ("f", 4): return (.float32, bigEndian)
        case ("f", 8): return (.float64, bigEndian)
        default:
            let what: String
            switch kind {
            case "i", "u": what = "integer"
            case "b": what = "boolean"
            case "c": what = "complex"
            case "O": what = "object (pickled Python objects)"
            case "S", "U", "a": what = "string"
            case "V": what = "void/structured"
            case "M", "m": what = "datetime"
            case "f": what = "float\(size * 8)"
            default: what = "unknown"
            }
            // The dtype text comes from the file: escape control characters so the message stays one line.
            let shown = descr.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? String($0) : $0.escaped(asASCII: true) }.joined()
            throw fail("unsupported dtype '\(shown)' (\(what))", "encmap reads float16, float32 and float64 arrays; \(resave)")
        }
    }

    /// Reads the header of the file at `url` without reading its data (cheap: the first bytes only).
    public static func readHeader(_ url: URL) throws -> Header {
        let file = try NPYFile(url)
        defer { file.close() }
        let prefix = try file.readHeaderBytes()
        return try prefix.withUnsafeBytes { try parseHeader(prefix: $0, fileSize: file.size, path: url.path) }
    }

    /// Reads a whole `.npy` file, converting every element to Float64 in one pass, into C order.
    ///
    /// The file is streamed: read(2) in chunks of `defaultChunkBytes` into one small buffer, each chunk
    /// converted straight into the Float64 result, so peak memory is the result plus that buffer.
    /// - Complexity: O(elements) time; memory: the Float64 result + one 256 KiB chunk.
    public static func read(_ url: URL) throws -> NPYArray {
        let streamed = try readStreaming(url)
        return NPYArray(shape: streamed.header.shape, storage: streamed.storage)
    }

    /// Reads a `.npy` file already in memory; `path` is used in messages.
    public static func read(data: Data, path: String) throws -> NPYArray {
        try data.withUnsafeBytes { raw in
            let header = try parseHeader(raw, path: path)
            let body = UnsafeRawBufferPointer(rebasing: raw[header.dataOffset...])
            var out = [Double](repeating: 0, count: header.count)
            // Destination index for source element s: C order copies straight; Fortran order of an r×c
            // array stores (i, j) at i + j·r and goes to i·c + j.
            let rows = header.shape[0]
            let cols = header.shape.count == 2 ? header.shape[1] : 1
            let transpose = header.fortranOrder && header.shape.count == 2 && rows > 1 && cols > 1
            out.withUnsafeMutableBufferPointer { dst in
                func convert(_ element: (Int) -> Double) {
                    if transpose {
                        var s = 0
                        for j in 0..<cols {
                            for i in 0..<rows { dst[i * cols + j] = element(s); s += 1 }
                        }
                    } else {
                        for s in 0..<header.count { dst[s] = element(s) }
                    }
                }
                let swap = header.bigEndian
                switch header.scalarType {
                case .float16:
                    convert { s in
                        let bits = body.loadUnaligned(fromByteOffset: 2 * s, as: UInt16.self)
                        return Double(Float16(bitPattern: swap ? bits.byteSwapped : bits))
                    }
                case .float32:
                    convert { s in
                        let bits = body.loadUnaligned(fromByteOffset: 4 * s, as: UInt32.self)
                        return Double(Float(bitPattern: swap ? bits.byteSwapped : bits))
                    }
                case .float64:
                    convert { s in
                        let bits = body.loadUnaligned(fromByteOffset: 8 * s, as: UInt64.self)
                        return Double(bitPattern: swap ? bits.byteSwapped : bits)
                    }
                }
            }
            return NPYArray(shape: header.shape, storage: out)
        }
    }

    static func mapFile(_ url: URL) throws -> Data {
        try InputFile.read(url, expected: "a .npy file")
    }

    // MARK: Writing

    /// The bytes of a float64 `.npy` file (format 1.0) of the given shape holding `values` in the
    /// stated order. The header is padded with spaces so that the data start on a 64-byte boundary.
    public static func encode(shape: [Int], fortranOrder: Bool, values: [Double]) -> Data {
        precondition(values.count == shape.reduce(1, *), "NPY.encode: shape and value count differ")
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = "{'descr': '<f8', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
        let unpadded = 10 + dict.utf8.count + 1
        dict += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic)
        data.append(contentsOf: [1, 0, UInt8(dict.utf8.count & 0xFF), UInt8(dict.utf8.count >> 8)])
        data.append(contentsOf: Array(dict.utf8))
        values.withUnsafeBufferPointer { p in
            if 1.littleEndian == 1 {
                data.append(UnsafeBufferPointer(start: UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: UInt8.self),
                                                count: p.count * 8))
            } else {
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes a float64 vector as a 1-D `.npy` file, atomically.
    public static func write(vector: [Double], to url: URL) throws {
        try AtomicFile.write(encode(shape: [vector.count], fortranOrder: false, values: vector), to: url)
    }

    /// Writes a float64 matrix as a 2-D `.npy` file (stored in Fortran order, which is the column-major
    /// layout of `Matrix`; numpy reads it as an ordinary array of the same shape), atomically.
    public static func write(rowsOf storage: [Double], rows: Int, columns: Int, columnMajor: Bool, to url: URL) throws {
        try AtomicFile.write(encode(shape: [rows, columns], fortranOrder: columnMajor, values: storage), to: url)
    }
}

// MARK: - Header dictionary parsing

enum HeaderValue: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
    case list
    case other
}

/// A parser for the Python literal dictionary in a `.npy` header, e.g.
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (400, 384), }`.
struct HeaderParser {
    struct Failure: Error { let message: String }
    let chars: [Character]
    var i = 0

    init(text: String) { chars = Array(text) }

    mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

    mutating func expect(_ c: Character) throws {
        skipSpace()
        guard i < chars.count, chars[i] == c else { throw Failure(message: "expected '\(c)' at character \(i)") }
        i += 1
    }

    mutating func peek() -> Character? { skipSpace(); return i < chars.count ? chars[i] : nil }

    mutating func parseDictionary() throws -> [String: HeaderValue] {
        try expect("{")
        var out: [String: HeaderValue] = [:]
        while true {
            if peek() == "}" { i += 1; break }
            guard case .string(let key) = try parseValue() else { throw Failure(message: "dictionary key is not a string") }
            try expect(":")
            out[key] = try parseValue()
            if peek() == "," { i += 1; continue }
            try expect("}")
            break
        }
        return out
    }

    mutating func parseValue() throws -> HeaderValue {
        guard let c = peek() else { throw Failure(message: "unexpected end of header") }
        switch c {
        case "'", "\"":
            i += 1
            var s = ""
            while i < chars.count, chars[i] != c { s.append(chars[i]); i += 1 }
            guard i < chars.count else { throw Failure(message: "unterminated string") }
            i += 1
            return .string(s)
        case "(":
            i += 1
            var items: [Int] = []
            while true {
                if peek() == ")" { i += 1; break }
                var digits = ""
                skipSpace()
                while i < chars.count, chars[i].isNumber || chars[i] == "-" { digits.append(chars[i]); i += 1 }
                if i < chars.count, chars[i] == "L" { i += 1 }  // Python 2 long suffix
                guard let v = Int(digits) else { throw Failure(message: "shape entry is not an integer") }
                items.append(v)
                if peek() == "," { i += 1; continue }
                try expect(")")
                break
            }
            return .tuple(items)
        case "[", "{":
            // A list (structured dtype) or nested dict: skip it balanced.
            var depth = 0
            repeat {
                guard i < chars.count else { throw Failure(message: "unbalanced brackets") }
                if "[{(".contains(chars[i]) { depth += 1 }
                if "]})".contains(chars[i]) { depth -= 1 }
                i += 1
            } while depth > 0
            return c == "[" ? .list : .other
        default:
            var word = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { word.append(chars[i]); i += 1 }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "": throw Failure(message: "unexpected character '\(c)'")
            default: return .other
            }
        }
    }
}
