import Testing

@testable import BluelampPersistence

@Suite struct PoliceUKRowIdentityTests {
    @Test(arguments: [
        ("id:4f1c2e9a0b7d3c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6#1", "PUK-4f1c2e9a0b7d3c5e"),
        ("id:4f1c2e9a0b7d3c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6#3", "PUK-4f1c2e9a0b7d3c5e-3"),
        ("row:0123456789abcdef0123456789abcdef01234567#2", "PUK-0123456789abcdef-2"),
        ("id:short#1", "PUK-short"),
        ("id:short", "PUK-short"),
    ])
    func referenceFromKey(key: String, reference: String) {
        #expect(PoliceUKRowIdentity.reference(forKey: key) == reference)
    }
}
