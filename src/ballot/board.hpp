#pragma once
// Verifies a meeting's public bulletin board (GET /api/v1/public/meetings/{id}/board) from its data alone:
// `zhicheng verify-election`. Nothing here trusts the platform: every proof is checked again and the tally
// and the counts are recomputed.
#include <string>
#include <string_view>
#include <vector>

namespace zc::ballot {

struct BoardCheck {
  std::string what;  // one line: what was checked and the outcome
  bool ok = true;
};

// One line per check (key proofs, the election key, each sheet, the tally, each trustee's decryption, the
// counts against the published results); `ok` false where it fails. A board that is not the expected JSON
// gives one failed check naming the problem.
std::vector<BoardCheck> VerifyBoard(std::string_view board_json);

}  // namespace zc::ballot
