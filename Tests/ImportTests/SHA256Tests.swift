import Foundation
import XCTest
@testable import Import

/// FIPS 180-4 / NIST CAVP vectors. The expected digests are literals; the padding-boundary ones (55, 56, 57,
/// 63, 64, 119, 120 bytes, 0…255) were computed with Python's `hashlib.sha256(message).hexdigest()` when
/// these tests were written, not with the code under test.
final class SHA256Tests: XCTestCase {
    private func digest(_ bytes: [UInt8]) -> String { Import.SHA256.hex(of: bytes) }

    func testEmptyMessage() {
        XCTAssertEqual(digest([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testABC() {
        XCTAssertEqual(digest(utf8("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testFIPS448BitMessage() {
        // 56 bytes: the length no longer fits after the 0x80 in the first block, so padding takes a second one.
        let message = utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        XCTAssertEqual(message.count, 56)
        XCTAssertEqual(digest(message), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testFIPS896BitMessage() {
        let message = utf8("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
        XCTAssertEqual(message.count, 112)
        XCTAssertEqual(digest(message), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    /// Expected values from Python hashlib (see the class comment).
    func testPaddingBoundaries() {
        let expected: [(Int, String)] = [
            (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
            (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
            (57, "f13b2d724659eb3bf47f2dd6af1accc87b81f09f59f2b75e5c0bed6589dfe8c6"),
            (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
            (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
            (119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"),
            (120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"),
        ]
        for (count, hex) in expected {
            XCTAssertEqual(digest([UInt8](repeating: UInt8(ascii: "a"), count: count)), hex, "\(count) × 'a'")
        }
    }

    /// Every byte value once (Python hashlib: hashlib.sha256(bytes(range(256))).hexdigest()).
    func testAllByteValues() {
        XCTAssertEqual(digest((0...255).map { UInt8($0) }),
                       "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880")
    }

    func testOneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        XCTAssertEqual(digest(message), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The importer hashes `Data`; `Data`, `[UInt8]` and an array slice must give the same digest.
    func testDataAndArraySliceAgree() {
        let bytes = utf8("xxabcxx")
        XCTAssertEqual(Import.SHA256.hex(of: Data("abc".utf8)),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Import.SHA256.hex(of: bytes[2..<5]),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
