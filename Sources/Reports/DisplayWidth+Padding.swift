import BudgetCore

extension DisplayWidth {
    /// `text` padded with spaces to exactly `width` cells: spaces after it for `.left`, before it for
    /// `.right`. Text already `width` cells wide or wider is returned unchanged (never truncated).
    public static func pad(_ text: String, toWidth width: Int, alignment: TextTable.Alignment) -> String {
        let missing = width - of(text)
        guard missing > 0 else { return text }
        let spaces = String(repeating: " ", count: missing)
        switch alignment {
        case .left: return text + spaces
        case .right: return spaces + text
        }
    }
}
