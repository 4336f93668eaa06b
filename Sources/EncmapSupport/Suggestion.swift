/// "Did you mean …?" for unknown commands, options, spec keys and task names.
public enum Suggestion {
    /// The candidate closest to `word` by edit distance (Levenshtein, case-insensitive), when that
    /// distance is at most `maxDistance` (2) and smaller than `word`'s length; ties go to the first
    /// candidate in the given order. Nil when nothing is close.
    public static func closest(to word: String, in candidates: some Sequence<String>, maxDistance: Int = 2) -> String? {
        let w = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(w, Array(c.lowercased().unicodeScalars), limit: maxDistance)
            if d <= maxDistance, d < max(w.count, 1), best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }

    /// ` (did you mean 'x'?)` or the empty string.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance, stopping early once every entry of a row exceeds `limit`.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
