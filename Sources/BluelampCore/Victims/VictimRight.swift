import Foundation

/// The 12 rights of the Code of Practice for Victims of Crime in England and Wales (2020), numbered as the Code
/// numbers them. The raw value is the right's number.
public enum VictimRight: Int, CaseIterable, Sendable, Codable, Hashable {
    case understandAndBeUnderstood = 1
    case crimeRecorded = 2
    case informationWhenReporting = 3
    case referralToSupportServices = 4
    case compensationInformation = 5
    case investigationAndProsecutionInformation = 6
    case victimPersonalStatement = 7
    case trialInformation = 8
    case outcomeAndAppeals = 9
    case expensesAndProperty = 10
    case offenderInformationAfterConviction = 11
    case complain = 12

    /// The right's title in the Code.
    public var title: String {
        switch self {
        case .understandAndBeUnderstood: "To be able to understand and to be understood"
        case .crimeRecorded: "To have the details of the crime recorded without unjustified delay"
        case .informationWhenReporting: "To be provided with information when reporting the crime"
        case .referralToSupportServices:
            "To be referred to services that support victims and have services and support tailored to your needs"
        case .compensationInformation: "To be provided with information about compensation"
        case .investigationAndProsecutionInformation:
            "To be provided with information about the investigation and prosecution"
        case .victimPersonalStatement: "To make a Victim Personal Statement"
        case .trialInformation: "To be given information about the trial, trial process and your role as a witness"
        case .outcomeAndAppeals: "To be given information about the outcome of the case and any appeals"
        case .expensesAndProperty: "To be paid expenses and have property returned"
        case .offenderInformationAfterConviction: "To be given information about the offender following a conviction"
        case .complain: "To make a complaint about your rights not being met"
        }
    }
}

/// Where a right stands for one victim. The raw values are stored and appear in the API.
public enum RightStatus: String, CaseIterable, Sendable, Codable, Hashable {
    /// Done (perhaps late: the reason says so).
    case met
    /// Not done yet, and not yet late (or the Code sets no time limit).
    case due
    /// Not done, and the time the Code allows has passed.
    case overdue
    /// Does not apply to this victim yet or at all, e.g. trial information before any charge.
    case notApplicable = "not_applicable"
}

/// One right's status for one victim, and why.
public struct VictimRightCompliance: Sendable, Hashable, Codable {
    public let right: VictimRight
    public let status: RightStatus
    /// A sentence saying why, e.g. "Told of 2 key events, 1 of them late (due by 2025-03-04, told 2025-03-05)".
    public let why: String

    public init(right: VictimRight, status: RightStatus, why: String) {
        self.right = right
        self.status = status
        self.why = why
    }
}
