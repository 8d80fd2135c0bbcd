// Voiding a returned actions tracker's import (audit-report actions-void): the status updates it brought stop
// counting, each action's status goes back to what the updates that still count say (open when none does), with
// the reason, who and when kept (audit/store/voiding.h). The tracker may then be imported again.
#pragma once
#include <string>

namespace audit {

class Store;

struct TrackerVoid {
    std::string sourceFile, sourceHash;
    std::size_t updates = 0;  // status updates that stopped counting
    std::size_t actions = 0;  // actions whose status was put back
    std::string by, at;
};

// `tracker`: the returned tracker's file (its SHA-256 is computed) or that hash (64 hex digits). Error(Data) when no
// import of it brought updates, or it is voided already; Error(Usage) without a reason.
TrackerVoid voidTrackerImport(Store& store, const std::string& tracker, const std::string& reason, const std::string& by);

}  // namespace audit
