import CommandTree
import Discovery
import FieldCursor

extension Session {
  /// Completions of the last word of `text` (the line up to the cursor), each the whole word.
  ///
  /// They are commands, resource and method words, fields at the cursor, enum values after `=`, `-p`
  /// names, and file names after `@`, `-o`, `save` and `load`. `listFiles` lists a folder.
  public func completions(for text: String, listFiles: (String) -> [FileEntry] = { _ in [] }) -> [String] {
    var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    let current = text.last == " " || words.isEmpty ? "" : words.removeLast()
    let previous = words.last
    let command = words.first
    let candidates: [String]
    if let at = current.firstRange(of: "=@"), previous == "-r" || command == "set" {
      let head = String(current[..<at.upperBound])
      candidates = Self.fileCompletions(String(current[at.upperBound...]), listFiles).map { head + $0 }
    } else if previous == "-o" || ((command == "save" || command == "load") && words.count == 1) {
      candidates = Self.fileCompletions(current, listFiles)
    } else if previous == "-r" || command == "set" {
      candidates = fieldCompletions(current)
    } else if previous == "-p" {
      candidates = parameterCompletions(current)
    } else if (command == "cd" || command == "schema") && words.count == 1 {
      candidates = fieldCompletions(current).filter { !$0.hasSuffix("=") }
    } else if command == "unset" {
      candidates = fieldCompletions(current).map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }
    } else if command == "send" {
      candidates = ["-o"]
    } else if command == "use" {
      candidates = methodWords(after: Array(words.dropFirst()))
    } else if words.isEmpty {
      candidates = Self.commandNames + ["-r", "-p", "-o"] + methodWords(after: [])
    } else {
      candidates = methodWords(after: words)
    }
    var seen: Set<String> = []
    return candidates.filter {
      $0.hasPrefix(current) || current.isEmpty || $0.lowercased().hasPrefix(current.lowercased())
    }
    .filter { seen.insert($0).inserted }
  }

  /// Field paths at the cursor (`image.`, `features[]`, `type=`), and values after `=`.
  func fieldCompletions(_ current: String) -> [String] {
    builder?.completions(for: current) ?? []
  }

  /// `-p` names followed by `=`, or the values of an enum or boolean parameter after `=`.
  func parameterCompletions(_ current: String) -> [String] {
    guard let call = preparedCall else { return [] }
    let candidates = call.parameterCandidates
    guard let equals = current.firstIndex(of: "=") else {
      return candidates.map { $0.kebabName + "=" }.filter { $0.hasPrefix(current) }
    }
    let name = String(current[..<equals])
    guard let parameter = candidates.first(where: { Discovery.word(name, names: $0.name) }) else { return [] }
    let values = parameter.type == .boolean ? ["true", "false"] : parameter.enumValues
    return values.map { "\(name)=\($0)" }
  }

  /// The resource and method names below the resource that `words` name.
  func methodWords(after words: [String]) -> [String] {
    guard case .resource(_, let methods, let resources) = CommandLookup.resolve(words, in: document) else {
      return []
    }
    return resources.map(\.kebabName) + methods.map(\.kebabName)
  }

  /// Paths in the folder of `partial` that start with its last component; folders end in `/`.
  static func fileCompletions(_ partial: String, _ listFiles: (String) -> [FileEntry]) -> [String] {
    let folderEnd = partial.lastIndex(of: "/").map { partial.index(after: $0) } ?? partial.startIndex
    let folder = String(partial[..<folderEnd])
    let stem = String(partial[folderEnd...])
    return listFiles(folder.isEmpty ? "." : folder)
      .filter { $0.name.hasPrefix(stem) && (stem.hasPrefix(".") || !$0.name.hasPrefix(".")) }
      .map { folder + $0.name + ($0.isFolder ? "/" : "") }
      .sorted()
  }
}

/// One entry of a folder, for file name completion.
public struct FileEntry: Sendable, Hashable {
  public let name: String
  public let isFolder: Bool

  /// An entry named `name`.
  public init(name: String, isFolder: Bool) {
    self.name = name
    self.isFolder = isFolder
  }
}
