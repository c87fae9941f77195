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
        /// The recording `offsetMilliseconds` points into.
        var recording: Int?
        /// True for an event made while no recording ran (it has no offset); absent otherwise.
        var outsideRecording: Bool?

        enum CodingKeys: String, CodingKey {
            case item, action, time, actor, recording
            case offsetMilliseconds = "offset_ms"
            case outOfOrder = "out_of_order"
            case outsideRecording = "outside_recording"
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
