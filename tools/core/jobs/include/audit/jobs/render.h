// The audit-template render job: a blank XLSX form, a printable HTML page, or one pre-filled XLSX form per case of a
// sample (a folder per auditor). Throws audit::Error; never prints.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace audit::jobs {

enum class RenderMode { Blank, Sample, Html };

struct RenderRequest {
    std::string templateId;    // empty with RenderMode::Sample: each case's template by its category
    int version = 0;           // 0: the latest
    RenderMode mode = RenderMode::Blank;
    std::string samplePath;    // RenderMode::Sample: the sample CSV
    std::string outDir;        // made if missing
    // RenderMode::Sample: called after each form is written (from the writing threads, one at a time).
    std::function<void(std::size_t done, std::size_t total)> progress;
    // RenderMode::Sample: the store the sample was drawn in; its id goes on every form (so that a form imported into
    // another store is refused). A store that does not exist is not created: the forms then carry no store id.
    std::string store;
};

struct RenderResult {
    std::string templateId;
    int version = 0;
    std::vector<std::string> files;     // every file written, in the sample's order
    std::vector<std::string> auditors;  // folders made, in order of first appearance (RenderMode::Sample)
    std::vector<std::pair<std::string, std::size_t>> templatesUsed;  // "cin-cp v3" -> forms (RenderMode::Sample)
    std::string storeId;                // RenderMode::Sample: the store id the forms carry ("" when no store exists)
    std::optional<std::int64_t> drawId;  // the store's draw the sample is (same cases), when one is
    std::string drawNote;               // how the draw was found, or why none was
};

// Columns read from the sample: case_ref (required); team, worker, category, child_ref, draw_id (or draw),
// due_date, auditor when present. With a store, the draw whose cases are exactly the sample's gives the draw id,
// each case's child id and the due date the file lacks (two such draws: the newest, and the note says so). Forms go to outDir/<auditor>/<case_ref>.xlsx ("unallocated" when no auditor). Every row is
// checked before any form is written: a sample with problems writes nothing. Each case's template: the one named,
// which must apply to every case's category (Error(Data) listing the cases it does not apply to), or, with none
// named, the one for its category (Catalogue::templateForCategory; the category column is then required).
RenderResult renderForms(const RenderRequest& request);

// A safe file or folder name from free text (letters, digits, '-', '_', '.'; a space becomes '-', others '_').
std::string safeName(const std::string& s);

}  // namespace audit::jobs
