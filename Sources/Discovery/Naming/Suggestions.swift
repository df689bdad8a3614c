/// Close-name suggestions ("did you mean …?") by Jaro-Winkler similarity.
public enum Suggestions {
  /// The candidates most similar to `word` (best first), above a similarity threshold.
  public static func closest(to word: String, in candidates: [String], limit: Int = 1, threshold: Double = 0.8)
    -> [String]
  {
    let lowered = word.lowercased()
    var scored: [(candidate: String, score: Double)] = []
    for candidate in candidates {
      let score = jaroWinkler(lowered, candidate.lowercased())
      if score >= threshold { scored.append((candidate, score)) }
    }
    scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.candidate < $1.candidate }
    var result: [String] = []
    for entry in scored where !result.contains(entry.candidate) && result.count < limit {
      result.append(entry.candidate)
    }
    return result
  }

  /// Jaro-Winkler similarity in 0...1 (1 is identical), over Unicode scalars.
  public static func jaroWinkler(_ a: String, _ b: String) -> Double {
    let s = Array(a.unicodeScalars)
    let t = Array(b.unicodeScalars)
    if s.isEmpty && t.isEmpty { return 1 }
    if s.isEmpty || t.isEmpty { return 0 }
    let window = max(0, max(s.count, t.count) / 2 - 1)
    var sMatched = [Bool](repeating: false, count: s.count)
    var tMatched = [Bool](repeating: false, count: t.count)
    var matches = 0
    for i in 0..<s.count {
      let low = max(0, i - window)
      let high = min(t.count - 1, i + window)
      if low > high { continue }
      for j in low...high where !tMatched[j] && s[i] == t[j] {
        sMatched[i] = true
        tMatched[j] = true
        matches += 1
        break
      }
    }
    if matches == 0 { return 0 }
    var transpositions = 0
    var k = 0
    for i in 0..<s.count where sMatched[i] {
      while !tMatched[k] { k += 1 }
      if s[i] != t[k] { transpositions += 1 }
      k += 1
    }
    let m = Double(matches)
    let jaro = (m / Double(s.count) + m / Double(t.count) + (m - Double(transpositions / 2)) / m) / 3
    var prefix = 0
    while prefix < min(4, s.count, t.count), s[prefix] == t[prefix] { prefix += 1 }
    return jaro + Double(prefix) * 0.1 * (1 - jaro)
  }
}
