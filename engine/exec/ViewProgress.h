#pragma once
// The progress of a materialized view as committed with one of its output blocks: it travels as
// the annotation of the output's log record (RecordAnnotation), so the output and the input
// position it accounts for become durable in one write (MaterializedViewRunner.h has the scheme).
//
// Text form, one line (readable with a hex dump, and the same in the catalog hint):
//   tlmv1 <view uuid> <outputSeq> <outputsAtPositions> <pos>,<pos>... <emit>,<emit>... [<offsets>]
// An empty list is written as "-". The offsets of external sources (Kafka) come last, one group
// per source separated by ';', each "<partition>:<next offset>,..." ("." for a source that has no
// partition yet); they are left out when the view reads no external stream, so progress written
// before they existed still decodes.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tideline::engine {

struct ViewProgress {
    std::string view;                 // uuid of the materialized view
    uint64_t outputSeq = 0;           // output blocks committed so far, this one included
    uint64_t outputsAtPositions = 0;  // output blocks committed since the sources last advanced, this one included
    std::vector<int64_t> positions;   // per streaming source, in plan order: the next sn to read
    std::vector<int64_t> emitState;   // Operator::saveEmitState of the plan, in tree order
    // Per streaming external source, in plan order: the next offset to read in each partition.
    std::vector<std::map<int32_t, int64_t>> offsets;

    std::string encode() const;
    // nullopt when `text` is not a progress record (or a damaged one).
    static std::optional<ViewProgress> decode(const std::string &text);
    // The non-zero tag a view's records carry in the log index (FNV-1a of the uuid: stable across
    // builds, which std::hash is not).
    static uint32_t writerTag(const std::string &viewUuid);
    // A list of positions as stored ("12,40"; "-" when empty); nullopt when `text` is not one.
    static std::string encodeList(const std::vector<int64_t> &values);
    static std::optional<std::vector<int64_t>> decodeList(const std::string &text);
    // The offsets of external sources as stored ("0:12,1:40;." ; "-" when there are none).
    static std::string encodeOffsets(const std::vector<std::map<int32_t, int64_t>> &offsets);
    static std::optional<std::vector<std::map<int32_t, int64_t>>> decodeOffsets(const std::string &text);
};

} // namespace tideline::engine
