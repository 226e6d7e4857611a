/// Input quoted in a message, bounded and made safe to print: a message never grows with the input (a
/// 9 MB line is quoted as its first characters) and never carries a control character to the terminal.
public enum Excerpt {
    /// `text` with control, bidirectional and invisible characters shown as `\u{…}`, cut after `limit`
    /// characters with `…`.
    public static func text(_ text: String, limit: Int = 80) -> String {
        var result = ""
        var count = 0
        for character in text {
            if count == limit { return result + "…" }
            count += 1
            if character.unicodeScalars.contains(where: { NameRules.problem(in: String($0)) != nil && $0.value != 0x20 }) {
                for scalar in character.unicodeScalars {
                    result += NameRules.problem(in: String(scalar)) == nil ? String(scalar) : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                }
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The first `limit` items, each an ``text(_:limit:)``, joined by `, `, with `… (N in all)` when cut.
    public static func list(_ items: [String], limit: Int = 12) -> String {
        let shown = items.prefix(limit).map { text($0, limit: 40) }.joined(separator: ", ")
        return items.count > limit ? shown + ", … (\(items.count) in all)" : shown
    }
}
