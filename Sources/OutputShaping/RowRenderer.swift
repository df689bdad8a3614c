public import OrderedJSON

/// Turns items into the lines of a projection: `value` and `csv` a line per item as it comes,
/// `table` every row at ``finish()``, since a column is as wide as its widest cell.
///
/// Every cell has its control characters escaped (``CellText/escapingControls(_:)``), so one
/// item is one line and a server's value cannot act on the terminal.
public struct RowRenderer: Sendable {
  public let projection: Projection
  /// The table's rows, escaped, until ``finish()``.
  private var rows: [[String]] = []
  private var wroteHeading = false

  /// A renderer for `projection`.
  public init(_ projection: Projection) { self.projection = projection }

  /// The text to write now for `item`: its line (after the heading, for the first csv row), or
  /// nothing for a table, which keeps it for ``finish()``.
  public mutating func add(_ item: JSONValue) -> String {
    let cells = projection.cells(of: item).map(CellText.escapingControls)
    switch projection.style {
    case .value:
      return cells.joined(separator: "\t") + "\n"
    case .csv:
      var text = ""
      if !wroteHeading {
        wroteHeading = true
        text = Self.csvLine(projection.labels.map { $0.lowercased() })
      }
      return text + Self.csvLine(cells)
    case .table:
      rows.append(cells)
      return ""
    }
  }

  /// What is left to write: a table's heading and rows, aligned; nothing when it has no rows.
  public mutating func finish() -> String {
    guard projection.style == .table, !rows.isEmpty else { return "" }
    let heading = projection.labels.map(CellText.escapingControls)
    var widths = heading.map(CellText.displayWidth)
    for row in rows {
      for (column, cell) in row.enumerated() where column < widths.count {
        widths[column] = max(widths[column], CellText.displayWidth(cell))
      }
    }
    var text = Self.tableLine(heading, widths: widths)
    for row in rows { text += Self.tableLine(row, widths: widths) }
    rows = []
    return text
  }

  /// Cells padded to their column's width, two spaces apart; the last is not padded, and the
  /// line has no trailing spaces.
  static func tableLine(_ cells: [String], widths: [Int]) -> String {
    var line = ""
    for (column, cell) in cells.enumerated() {
      if column > 0 { line += "  " }
      line += cell
      if column < cells.count - 1, column < widths.count {
        line += String(repeating: " ", count: max(0, widths[column] - CellText.displayWidth(cell)))
      }
    }
    while line.last == " " { line.removeLast() }
    return line + "\n"
  }

  /// One RFC 4180 record: a field with a comma, a double quote or leading or trailing spaces is
  /// quoted, its quotes doubled (line breaks never occur: they are escaped).
  static func csvLine(_ cells: [String]) -> String {
    cells.map { cell in
      let needsQuotes =
        cell.contains(",") || cell.contains("\"") || cell.first?.isWhitespace == true
        || cell.last?.isWhitespace == true
      guard needsQuotes else { return cell }
      return "\"" + cell.replacing("\"", with: "\"\"") + "\""
    }.joined(separator: ",") + "\n"
  }
}
