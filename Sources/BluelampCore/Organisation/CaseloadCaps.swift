/// Caseload caps by investigator level: the most open crimes an officer may hold
/// (shared/DESIGN.md: defaults 20 / 14 / 8 for PIP1 / PIP2 / PIP3; PIP4 leads strategically and holds none).
public struct CaseloadCaps: Sendable, Hashable, Codable {
    public var pip1: Int
    public var pip2: Int
    public var pip3: Int

    public init(pip1: Int, pip2: Int, pip3: Int) {
        self.pip1 = pip1
        self.pip2 = pip2
        self.pip3 = pip3
    }

    public static let standard = CaseloadCaps(pip1: 20, pip2: 14, pip3: 8)

    public func cap(for level: PIPLevel) -> Int? {
        switch level {
        case .pip1: pip1
        case .pip2: pip2
        case .pip3: pip3
        case .pip4: nil
        }
    }
}
