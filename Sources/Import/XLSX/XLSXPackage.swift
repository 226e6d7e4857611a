import Foundation
import ZIPFoundation

/// The zip container of a workbook: its parts by name, each read whole with limits that refuse a zip bomb
/// before anything is inflated.
///
/// Contract: part names are matched as a zip tool would show them, but case-insensitively, with `\` read as `/`
/// and without a leading `/` (some non-Excel writers differ from the names in their own relationships).
/// Every failure is an ``ImportError/unreadable(file:reason:)`` a clerk can act on.
struct XLSXPackage {
    /// Largest uncompressed part read (1 GiB).
    static let maximumPartSize: UInt64 = 1 << 30
    /// Largest uncompressed size of all the parts read together (2 GiB).
    static let maximumTotalSize: UInt64 = 2 << 30
    /// Parts above this uncompressed size must not have inflated more than ``maximumRatio`` times.
    static let ratioCheckedAbove: UInt64 = 32 << 20
    /// Deflate cannot do much better than 1032:1; real worksheets stay far below this.
    static let maximumRatio: UInt64 = 250

    let file: String
    private let archive: Archive
    private let entries: [String: Entry]
    private var totalRead: UInt64 = 0

    init(data: Data, file: String) throws(ImportError) {
        self.file = file
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .unreadable(file: file, reason: Self.damaged)
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let key = Self.key(entry.path)
            if entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    static let damaged = "the workbook is damaged or incomplete (its zip structure is broken): copy or download it again, or open it in Excel and save it again"

    /// The lookup form of a part name.
    static func key(_ path: String) -> String {
        var name = path.replacingOccurrences(of: "\\", with: "/")
        while name.hasPrefix("/") { name.removeFirst() }
        return name.lowercased()
    }

    func contains(_ path: String) -> Bool { entries[Self.key(path)] != nil }

    /// The bytes of part `path`, or nil when the package has no such part.
    mutating func data(of path: String) throws(ImportError) -> Data? {
        guard let entry = entries[Self.key(path)] else { return nil }
        let declared = entry.uncompressedSize
        let compressed = max(entry.compressedSize, 1)
        guard declared <= Self.maximumPartSize else {
            throw .unreadable(file: file, reason: "its part \(path) would be \(declared >> 20) MiB uncompressed, more than the 1 GiB this reader accepts")
        }
        guard declared <= Self.ratioCheckedAbove || declared / compressed <= Self.maximumRatio else {
            throw .unreadable(file: file, reason: "its part \(path) claims to inflate \(declared / compressed) times (a \"zip bomb\"); it was not opened")
        }
        guard totalRead + declared <= Self.maximumTotalSize else {
            throw .unreadable(file: file, reason: "its parts add up to more than 2 GiB uncompressed, more than this reader accepts")
        }
        var bytes = Data()
        bytes.reserveCapacity(Int(min(declared, 64 << 20)))
        do {
            let checksum = try archive.extract(entry, bufferSize: 64 << 10) { chunk in
                // The declared size is all that is allowed: a part that inflates past it is lying.
                guard UInt64(bytes.count + chunk.count) <= declared else { throw SizeMismatch() }
                bytes.append(chunk)
            }
            guard checksum == entry.checksum, UInt64(bytes.count) == declared else { throw SizeMismatch() }
        } catch is SizeMismatch {
            throw .unreadable(file: file, reason: "its part \(path) does not match its recorded size or checksum: \(Self.damaged)")
        } catch Archive.ArchiveError.invalidCompressionMethod {
            throw .unreadable(file: file, reason: "its part \(path) is compressed with a method this reader does not know: open it in Excel and save it again")
        } catch {
            throw .unreadable(file: file, reason: "its part \(path) cannot be unpacked: \(Self.damaged)")
        }
        totalRead += declared
        return bytes
    }

    private struct SizeMismatch: Error {}
}
