/// What the name of a department, unit, project, category or data source may hold.
///
/// Names are identities: two names that look the same must be the same name, and printing a name must not
/// change the terminal. So control characters (C0, DEL, C1: e.g. ESC of an ANSI escape), bidirectional
/// controls (U+200E/F, U+202A–E, U+2066–9) and invisible characters (U+200B–D, U+2060, U+FEFF) are refused,
/// as are names longer than ``maximumLength`` characters (a name is a line of a form, not a document).
public enum NameRules {
    public static let maximumLength = 200

    /// Why `name` cannot be stored, or nil when it can.
    public static func problem(in name: String) -> String? {
        var count = 0
        for scalar in name.unicodeScalars {
            if let kind = kind(of: scalar.value) {
                let code = String(scalar.value, radix: 16, uppercase: true)
                return "contains \(kind) (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)) at character \(count + 1)"
            }
            count += 1
        }
        if name.count > maximumLength {
            return "is \(name.count) characters long; a name has at most \(maximumLength)"
        }
        return nil
    }

    private static func kind(of value: UInt32) -> String? {
        switch value {
        case 0x0A, 0x0D: "a line break (a wrapped cell? join its lines)"
        case 0x00...0x1F, 0x7F...0x9F: "a control character"
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: "a bidirectional control"
        case 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD: "an invisible character"
        default: nil
        }
    }
}
