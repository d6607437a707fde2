import Foundation

/// The standards call figures are measured against, as policy values a force may change.
///
/// Sources: the national standard that 90% of 999 calls are answered within 10 seconds (Home Office, 999 call answer
/// time data; cited in HMICFRS, PEEL 2023–25, Metropolitan Police Service, "Responding to the public"); attendance
/// within 15 minutes for an immediate grade and 60 minutes for a significant grade (the Met's response standards,
/// shared/DESIGN.md "Calls").
public struct CallStandards: Sendable, Hashable, Codable {
    /// A 999 call answered within this many seconds meets the standard.
    public var emergencyAnswerSeconds: Int
    /// The share of 999 calls that should meet it.
    public var emergencyAnswerTarget: Double
    /// An immediate-grade incident attended within this many minutes of the call meets the standard.
    public var immediateAttendMinutes: Int
    /// A significant-grade incident attended within this many minutes of the call meets the standard.
    public var significantAttendMinutes: Int

    public init(
        emergencyAnswerSeconds: Int = 10, emergencyAnswerTarget: Double = 0.9, immediateAttendMinutes: Int = 15,
        significantAttendMinutes: Int = 60
    ) {
        self.emergencyAnswerSeconds = emergencyAnswerSeconds
        self.emergencyAnswerTarget = emergencyAnswerTarget
        self.immediateAttendMinutes = immediateAttendMinutes
        self.significantAttendMinutes = significantAttendMinutes
    }

    public static let standard = CallStandards()
}
