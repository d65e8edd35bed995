#include "ballot/board.hpp"

#include <boost/json.hpp>
#include <stdexcept>

#include "ballot/ballot.hpp"

namespace zc::ballot {
namespace {

namespace json = boost::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string()) throw std::invalid_argument(std::string("missing ") + std::string(key));
  return std::string(v->as_string());
}

}  // namespace

std::vector<BoardCheck> VerifyBoard(std::string_view board_json) {
  std::vector<BoardCheck> out;
  auto check = [&](bool ok, std::string what) {
    out.push_back({std::move(what), ok});
    return ok;
  };
  try {
    Init();
    const json::value doc = json::parse(board_json);
    const json::object& b = doc.as_object();
    const std::string eid = Str(b, "election_id");
    const json::value* key_v = b.if_contains("election_key");
    if (!key_v || !key_v->is_string()) {
      check(false, "no election key: voting has not opened");
      return out;
    }
    const auto h = FromHex32(key_v->as_string());
    if (!check(h.has_value(), "election key is 32 bytes of hex")) return out;
    const size_t n = b.at("candidates").as_array().size();

    // The trustees' keys: each proved, and their product is the election key.
    std::vector<Point> keys;
    std::vector<std::pair<Point, const json::value*>> partial_sets;
    for (const json::value& t : b.at("trustees").as_array()) {
      const json::object& to = t.as_object();
      const std::string role = Str(to, "role");
      json::object share{{"public", to.at("public")}, {"proof", to.at("proof")}};
      const PublicShare ps = PublicShareFromJson(json::serialize(share));
      check(VerifyKeyShare(eid, ps), "trustee " + role + ": proof of its key");
      keys.push_back(ps.public_key);
      const json::value* parts = to.if_contains("partials");
      partial_sets.emplace_back(ps.public_key, parts && !parts->is_null() ? parts : nullptr);
    }
    if (!check(keys.size() == 2 && CombineKeys(keys) == *h,
               "election key = product of the two trustees' keys"))
      return out;

    // Every sheet: its fingerprint and its proofs, entry by entry (gaps are recusals).
    std::vector<Ballot> sheets;
    size_t good = 0;
    for (const json::value& s : b.at("sheets").as_array()) {
      const json::object& so = s.as_object();
      const std::string fp = Str(so, "fingerprint");
      const Ballot bl = BallotFromJson(json::serialize(so.at("sheet")));
      std::vector<bool> absent;
      for (const auto& e : bl.candidates) absent.push_back(!e.has_value());
      const bool ok = BallotFingerprint(bl) == fp && VerifyBallot(eid, *h, bl, absent).empty();
      if (!ok) check(false, "sheet " + fp.substr(0, 16) + ": fingerprint or proofs fail");
      good += ok ? 1 : 0;
      sheets.push_back(bl);
    }
    check(good == sheets.size(),
          std::to_string(good) + " of " + std::to_string(sheets.size()) + " sheets prove themselves");

    // The tally is the product of the sheets.
    std::vector<int> voters;
    const Tally tally = AggregateBallots(sheets, n, &voters);
    const json::value* tally_v = b.if_contains("tally");
    if (!tally_v || tally_v->is_null()) {
      check(true, "no tally yet: voting has not closed");
      return out;
    }
    if (!check(TallyToJson(tally) == json::serialize(*tally_v), "tally = product of the sheets")) return out;

    // Each trustee's decryption, then the counts against the published results.
    std::vector<Partials> parts;
    for (size_t t = 0; t < partial_sets.size(); ++t) {
      if (!partial_sets[t].second) continue;
      const Partials p = PartialsFromJson(json::serialize(*partial_sets[t].second));
      bool ok = p.size() == tally.size();
      for (size_t i = 0; ok && i < tally.size(); ++i)
        for (size_t j = 0; j < kChoices; ++j)
          ok = ok && VerifyPartial(eid, partial_sets[t].first, tally[i][j], p[i][j]);
      check(ok, "trustee " + std::to_string(t + 1) + ": proofs of its decryption");
      parts.push_back(p);
    }
    if (parts.size() != 2) {
      check(true, "decryption incomplete: " + std::to_string(parts.size()) + " of 2 trustees");
      return out;
    }
    const json::array& results = b.at("results").as_array();
    for (size_t i = 0; i < n; ++i) {
      std::array<int, kChoices> counts{};
      for (size_t j = 0; j < kChoices; ++j) {
        const std::vector<PartialDecryption> ps = {parts[0][i][j], parts[1][i][j]};
        counts[j] = CombineAndSolve(tally[i][j], ps, static_cast<int>(sheets.size())).value_or(-1);
      }
      const json::object* published = nullptr;
      for (const json::value& r : results)
        if (r.as_object().at("index").to_number<int64_t>() == static_cast<int64_t>(i + 1))
          published = &r.as_object();
      const std::string counted =
          std::to_string(counts[0]) + "/" + std::to_string(counts[1]) + "/" + std::to_string(counts[2]);
      const bool same = published && published->at("yes").to_number<int>() == counts[0] &&
                        published->at("no").to_number<int>() == counts[1] &&
                        published->at("abstain").to_number<int>() == counts[2];
      check(same && counts[0] + counts[1] + counts[2] == voters[i],
            "candidate " + std::to_string(i + 1) + ": decrypted yes/no/abstain " + counted +
                (same ? " = the published result" : " differs from the published result"));
    }
  } catch (const std::exception& e) {
    check(false, std::string("the board is not readable: ") + e.what());
  }
  return out;
}

}  // namespace zc::ballot
