// Settings for src/jobs.cpp alone (a quoted include beside it).
#pragma once

#ifndef CONSUMER_SCALE
#error "CONSUMER_SCALE comes from the target's compile definitions"
#endif

namespace consumer::config {
constexpr int kScale = CONSUMER_SCALE;
} // namespace consumer::config
