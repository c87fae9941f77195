import Foundation

/// `checklist.json` inside a bundle.
struct ChecklistFile: Codable {
    struct Event: Codable {
        var item: String
        var action: String
        var time: String
        var offsetMilliseconds: Int64?
        var actor: String
        var outOfOrder: Bool

        enum CodingKeys: String, CodingKey {
            case item, action, time, actor
            case offsetMilliseconds = "offset_ms"
            case outOfOrder = "out_of_order"
        }
    }

    var protocolID: String
    var protocolVersion: String
    var report: ChecklistReport
    var events: [Event]

    enum CodingKeys: String, CodingKey {
        case report, events
        case protocolID = "protocol_id"
        case protocolVersion = "protocol_version"
    }
}
