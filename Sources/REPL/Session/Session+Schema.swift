import CommandTree
import FieldCursor
import GoogleAuth
import Platform
import RequestPlanning
import Transport

extension Session {
  /// `schema [<path>]`: the fields at the cursor (or at `path`) with types, enum values and
  /// one-line descriptions.
  func schema(_ words: [String]) -> Reply {
    guard words.count <= 1 else { return usage("schema [<path>]") }
    if let reply = requireMethod() { return reply }
    guard let builder else { return .done("") }
    var place = builder.cursor
    if let path = words.first {
      do throws(CursorError) {
        place = try builder.resolvePath(path)
      } catch {
        return .failed(["schema \(error.argument): \(error.message)"], .usage)
      }
    }
    let fields = builder.fields(at: place)
    guard !fields.isEmpty else { return .done("no named fields at \(place)\n") }
    let nameWidth = fields.map(\.name.count).max() ?? 0
    let typeWidth = fields.map(\.typeText.count).max() ?? 0
    var text = "fields at \(place):\n"
    for field in fields {
      let name = field.name.padding(to: nameWidth)
      let type = field.typeText.padding(to: typeWidth)
      let readOnly = field.readOnly ? " (read-only)" : ""
      text += "  \(name)  \(type)  \(field.summary)\(readOnly)".trimmingTrailingSpaces() + "\n"
      if !field.enumValues.isEmpty {
        text += "  \("".padding(to: nameWidth))  values: \(field.enumValues.joined(separator: ", "))\n"
      }
    }
    return .done(text)
  }
}

extension String {
  /// The string without spaces at its end.
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
