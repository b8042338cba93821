// The events of the flow: what happens to a patient or a unit, and the same-instant classes that
// order events due at one time (flow_model.h lists the rules).
#pragma once

#include <cstdint>

namespace flowsim::models {

// Same-instant priority classes (see flow_model.h).
enum Priority : int {
  kFirst = 0,
  kDeparture = 1,
  kTransfer = 2,
  kArrival = 3,
  kSession = 4,
  kLast = 255
};

enum class EventKind : uint8_t {
  kArrival,
  kServiceEnd,
  kDelayEnd,
  kCapacityChange,
  kWarmupEnd,
  kRunEnd,
  kTransfer,       // a transfer to a full unit whose route loses or redirects it, decided late
  kRenege,         // a queued patient's patience runs out
  kStepDownCheck,  // a ward patient becomes eligible for early supported discharge
  kAssessmentEnd,
  kDischarge,  // the discharge window opens for a patient ready to leave
  kDayEnd,
  kReferral,  // onto the elective waiting list
  kSession,   // a theatre session
  kListRemoval,
  kMutualAid,
  kHalfway,  // the middle of the measured period
};

struct Payload {
  uint32_t a = 0;  // patient, unit, stream or session
  uint32_t b = 0;  // the patient's token when scheduled, or a new capacity
  EventKind kind = EventKind::kArrival;
};

}  // namespace flowsim::models
