// Tests of the ballot core. Run from /work/ballot-dev: two tests read files next to the sources.
//  - tests/vectors/ballot.json is the shared test-vector file; it is rebuilt from fixed randomness and
//    compared byte for byte. BALLOT_WRITE_VECTORS=1 zc_ballot_test writes it instead (after an intentional
//    change).
//  - tests/vectors/ballot-js.json is an election made by the browser side (web/src/ballot/crypto.test.ts,
//    with BALLOT_WRITE_JS=1) and checked here with the C++ verifier.
#include "ballot/ballot.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zc::ballot {
namespace {

namespace json = boost::json;

const bool kInit = (Init(), true);

constexpr std::string_view kEid = "committee-2024-03";
constexpr Choice kYes = Choice::kYes, kNo = Choice::kNo, kAbstain = Choice::kAbstain;

struct Election {
  std::vector<KeyShare> trustees;
  Point h;
};

Election MakeElection(size_t n_trustees) {
  Election e;
  std::vector<Point> publics;
  for (size_t i = 0; i < n_trustees; ++i) {
    e.trustees.push_back(GenerateKeyShare(kEid));
    publics.push_back(e.trustees.back().share.public_key);
  }
  e.h = CombineKeys(publics);
  return e;
}

// Decrypts every tally entry with every trustee (checking each partial) and solves it.
std::vector<std::array<int, kChoices>> Decrypt(const Election& e, const Tally& tally, int max) {
  std::vector<std::array<int, kChoices>> counts;
  for (const auto& per_choice : tally) {
    std::array<int, kChoices> row{};
    for (size_t j = 0; j < kChoices; ++j) {
      std::vector<PartialDecryption> partials;
      for (const KeyShare& k : e.trustees) {
        partials.push_back(DecryptShare(kEid, k, per_choice[j]));
        EXPECT_TRUE(VerifyPartial(kEid, k.share.public_key, per_choice[j], partials.back()));
      }
      const auto m = CombineAndSolve(per_choice[j], partials, max);
      EXPECT_TRUE(m.has_value());
      row[j] = m.value_or(-1);
    }
    counts.push_back(row);
  }
  return counts;
}

const std::string kVectors = ZHICHENG_SOURCE_DIR "/tests/vectors/ballot.json";
const std::string kJsMade = ZHICHENG_SOURCE_DIR "/tests/vectors/ballot-js.json";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Mentions(const std::vector<std::string>& problems, std::string_view what) {
  for (const std::string& p : problems)
    if (p.find(what) != std::string::npos) return true;
  return false;
}

// Raw group operations for building forgeries the library itself would never produce.
Point RawAdd(const Point& a, const Point& b) {
  Point out;
  crypto_core_ristretto255_add(out.data(), a.data(), b.data());
  return out;
}
Point RawSub(const Point& a, const Point& b) {
  Point out;
  crypto_core_ristretto255_sub(out.data(), a.data(), b.data());
  return out;
}
Point RawMul(const Point& p, const Scalar& k) {
  Point out;
  EXPECT_EQ(crypto_scalarmult_ristretto255(out.data(), k.data(), p.data()), 0);
  return out;
}
Point Base() {
  Scalar one{};
  one[0] = 1;
  Point g;
  crypto_scalarmult_ristretto255_base(g.data(), one.data());
  return g;
}

// The range-proof challenge written out from TRANSCRIPT.md, independently of ballot.cpp: SHA-512 over
// length-prefixed fields (4-byte big-endian length), reduced mod ℓ.
Scalar SpecRangeChallenge(std::string_view eid, uint32_t candidate, uint32_t choice, const Point& g,
                          const Point& h, const EncryptedChoice& ch) {
  std::string t;
  auto field = [&t](std::string_view f) {
    for (int shift = 24; shift >= 0; shift -= 8) t += static_cast<char>(f.size() >> shift);
    t += f;
  };
  auto u32 = [&field](uint32_t v) {
    const char be[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    field({be, 4});
  };
  auto point = [&field](const Point& p) { field({reinterpret_cast<const char*>(p.data()), p.size()}); };
  field("zhicheng/ballot/v1/range");
  field(eid);
  u32(candidate);
  u32(choice);
  for (const Point* p : {&g, &h, &ch.ct.alpha, &ch.ct.beta, &ch.proof.branch[0].a, &ch.proof.branch[0].b,
                         &ch.proof.branch[1].a, &ch.proof.branch[1].b})
    point(*p);
  unsigned char digest[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(digest, reinterpret_cast<const unsigned char*>(t.data()), t.size());
  Scalar c;
  crypto_core_ristretto255_scalar_reduce(c.data(), digest);
  return c;
}

TEST(Ballot, LibsodiumIdentityQuirksAreWhatWeHandle) {
  const Point g = Base();
  const Point id = RawSub(g, g);
  EXPECT_EQ(id, Point{});  // the identity encodes as 32 zero bytes
  EXPECT_TRUE(IsValidPoint(id));
  Scalar zero{};
  Point out;
  EXPECT_EQ(crypto_scalarmult_ristretto255_base(out.data(), zero.data()), -1);
  EXPECT_EQ(crypto_scalarmult_ristretto255(out.data(), RandomScalar().data(), id.data()), -1);
}

TEST(Ballot, HexIsStrict) {
  const Scalar s = RandomScalar();
  EXPECT_EQ(FromHex32(ToHex(s)), s);
  EXPECT_FALSE(FromHex32(std::string(63, '0') + "A"));
  EXPECT_TRUE(FromHex32(std::string(63, '0') + "a"));
  EXPECT_FALSE(FromHex32(ToHex(s).substr(2)));
  EXPECT_FALSE(FromHex32(ToHex(s) + "00"));
  EXPECT_FALSE(FromHex32(std::string(64, 'g')));
}

TEST(Ballot, KeyShares) {
  const KeyShare k = GenerateKeyShare(kEid);
  EXPECT_TRUE(VerifyKeyShare(kEid, k.share));
  EXPECT_TRUE(VerifyKeyShare(kEid, PublicShareFromJson(PublicShareToJson(k.share))));
  EXPECT_FALSE(VerifyKeyShare("another-election", k.share));

  PublicShare tampered = k.share;
  tampered.proof.s[0] ^= 1;
  EXPECT_FALSE(VerifyKeyShare(kEid, tampered));

  // A proof made for one key does not carry over to another.
  PublicShare other = GenerateKeyShare(kEid).share;
  other.proof = k.share.proof;
  EXPECT_FALSE(VerifyKeyShare(kEid, other));

  const Point id{};
  EXPECT_FALSE(VerifyKeyShare(kEid, {id, k.share.proof}));
  EXPECT_THROW(KeyShareFromSecret(kEid, Scalar{}, RandomScalar()), std::invalid_argument);
  const Point single[] = {k.share.public_key};
  EXPECT_THROW(CombineKeys(single), std::invalid_argument);
}

TEST(Ballot, FullElectionRoundTrip) {
  const Election e = MakeElection(2);
  for (const KeyShare& k : e.trustees) EXPECT_TRUE(VerifyKeyShare(kEid, k.share));

  const std::vector<std::vector<Choice>> votes = {{kYes, kNo}, {kYes, kAbstain}, {kNo, kAbstain}};
  std::vector<EncryptedSheet> sheets;
  for (const auto& v : votes) {
    const EncryptedSheet s = EncryptSheet(kEid, e.h, v);
    EXPECT_TRUE(VerifySheet(kEid, e.h, s, 2).empty());
    // What the browser posts is exactly what we parse: a JSON round trip keeps the bytes and the fingerprint.
    const EncryptedSheet parsed = SheetFromJson(SheetToJson(s));
    EXPECT_EQ(SheetToJson(parsed), SheetToJson(s));
    EXPECT_EQ(SheetFingerprint(parsed), SheetFingerprint(s));
    EXPECT_TRUE(VerifySheet(kEid, e.h, parsed, 2).empty());
    sheets.push_back(parsed);
  }
  EXPECT_NE(SheetFingerprint(sheets[0]), SheetFingerprint(sheets[1]));

  const Tally tally = Aggregate(sheets, 2);
  const auto counts = Decrypt(e, tally, static_cast<int>(sheets.size()));
  EXPECT_EQ(counts[0], (std::array<int, 3>{2, 1, 0}));
  EXPECT_EQ(counts[1], (std::array<int, 3>{0, 1, 2}));

  const PartialDecryption p = DecryptShare(kEid, e.trustees[0], tally[0][0]);
  EXPECT_TRUE(
      VerifyPartial(kEid, e.trustees[0].share.public_key, tally[0][0], PartialFromJson(PartialToJson(p))));
}

TEST(Ballot, ZeroTalliesDecryptToIdentity) {
  const Election e = MakeElection(3);
  std::vector<EncryptedSheet> sheets;
  for (int i = 0; i < 3; ++i) {
    const Choice all_no[] = {kNo};
    sheets.push_back(EncryptSheet(kEid, e.h, all_no));
    EXPECT_TRUE(VerifySheet(kEid, e.h, sheets.back(), 1).empty());
  }
  const Tally tally = Aggregate(sheets, 1);
  EXPECT_EQ(Decrypt(e, tally, 3)[0], (std::array<int, 3>{0, 3, 0}));

  // An election without sheets: every tally entry is (identity, identity), which still decrypts to 0 with
  // verifiable partials (α = identity makes d_i and the proof's b commitment the identity too).
  const Tally empty = Aggregate({}, 2);
  EXPECT_EQ(empty[1][2].alpha, Point{});
  EXPECT_EQ(Decrypt(e, empty, 0)[1], (std::array<int, 3>{0, 0, 0}));
}

class Invalid : public ::testing::Test {
 protected:
  Election e_ = MakeElection(2);
  EncryptedSheet sheet_ = EncryptSheet(kEid, e_.h, std::vector<Choice>{kYes, kAbstain});
  std::vector<std::string> Verify(const EncryptedSheet& s) const { return VerifySheet(kEid, e_.h, s, 2); }
};

TEST_F(Invalid, ValidSheetIsAccepted) {
  EXPECT_TRUE(Verify(sheet_).empty());
  // The library's transcript is the documented one.
  const EncryptedChoice& ch = sheet_.candidates[1].choices[2];
  Scalar sum;
  crypto_core_ristretto255_scalar_add(sum.data(), ch.proof.branch[0].c.data(), ch.proof.branch[1].c.data());
  EXPECT_EQ(sum, SpecRangeChallenge(kEid, 1, 2, Base(), e_.h, ch));
}

TEST_F(Invalid, TwoEncryptedWithForgedProof) {
  // Turn candidate 0's "yes" (m = 1) into m = 2 and simulate both branches of the range proof, then fix c1 so
  // that c0 + c1 matches the transcript challenge: the sum check passes, the branch-1 equation cannot.
  const Point g = Base();
  EncryptedChoice& ch = sheet_.candidates[0].choices[0];
  ch.ct.beta = RawAdd(ch.ct.beta, g);
  auto simulate = [&](ChaumPedersenProof& p, const Point& x2) {
    p.c = RandomScalar();
    p.s = RandomScalar();
    p.a = RawSub(RawMul(g, p.s), RawMul(ch.ct.alpha, p.c));
    p.b = RawSub(RawMul(e_.h, p.s), RawMul(x2, p.c));
  };
  simulate(ch.proof.branch[0], ch.ct.beta);
  simulate(ch.proof.branch[1], RawSub(ch.ct.beta, g));
  const Scalar c = SpecRangeChallenge(kEid, 0, 0, g, e_.h, ch);
  crypto_core_ristretto255_scalar_sub(ch.proof.branch[1].c.data(), c.data(), ch.proof.branch[0].c.data());

  const auto problems = Verify(sheet_);
  EXPECT_TRUE(Mentions(problems, "candidate 0 yes: range proof branch 1 fails"));
  EXPECT_TRUE(Mentions(problems, "candidate 0: overall proof"));  // yes + no + abstain = 2
}

TEST_F(Invalid, WrongSum) {
  // Splice the "no" choice of another sheet (a valid 1, at the same position) in: every range proof holds,
  // but the candidate now has two 1s.
  const EncryptedSheet other = EncryptSheet(kEid, e_.h, std::vector<Choice>{kNo, kAbstain});
  sheet_.candidates[0].choices[1] = other.candidates[0].choices[1];
  const auto problems = Verify(sheet_);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(Mentions(problems, "candidate 0: overall proof"));
}

TEST_F(Invalid, SwappedCiphertexts) {
  EncryptedSheet s = sheet_;
  std::swap(s.candidates[0].choices[0], s.candidates[0].choices[1]);  // yes <-> no, proofs included
  EXPECT_TRUE(Mentions(Verify(s), "candidate 0 yes: range proof"));
  EXPECT_TRUE(Mentions(Verify(s), "candidate 0 no: range proof"));

  s = sheet_;
  std::swap(s.candidates[0], s.candidates[1]);
  EXPECT_FALSE(Verify(s).empty());

  // A ciphertext with its proof taken from another sheet at the same position: range proof holds, sum does
  // not.
  s = sheet_;
  s.candidates[1].choices[2] =
      EncryptSheet(kEid, e_.h, std::vector<Choice>{kYes, kNo}).candidates[1].choices[2];
  EXPECT_TRUE(Mentions(Verify(s), "candidate 1: overall proof"));
}

TEST_F(Invalid, TamperedChallenge) {
  // Move one unit between the two branch challenges: the sum still matches, the equations do not.
  Scalar one{};
  one[0] = 1;
  EncryptedSheet s = sheet_;
  ChaumPedersenProof* b = s.candidates[1].choices[2].proof.branch.data();
  crypto_core_ristretto255_scalar_add(b[0].c.data(), b[0].c.data(), one.data());
  crypto_core_ristretto255_scalar_sub(b[1].c.data(), b[1].c.data(), one.data());
  EXPECT_TRUE(Mentions(Verify(s), "candidate 1 abstain: range proof branch"));

  s = sheet_;
  crypto_core_ristretto255_scalar_add(s.candidates[0].overall.c.data(), s.candidates[0].overall.c.data(),
                                      one.data());
  EXPECT_TRUE(Mentions(Verify(s), "candidate 0: overall proof"));
}

TEST_F(Invalid, NonCanonicalEncodings) {
  // Odd ("negative") field elements and values ≥ p are not canonical ristretto255 encodings; a scalar ≥ ℓ is
  // not a canonical scalar. All are rejected before any arithmetic.
  EncryptedSheet s = sheet_;
  s.candidates[0].choices[0].ct.alpha[0] |= 1;
  EXPECT_TRUE(Mentions(Verify(s), "candidate 0 yes: non-canonical"));

  s = sheet_;
  s.candidates[1].choices[1].ct.beta.fill(0xff);
  s.candidates[1].choices[1].ct.beta[31] = 0x7f;
  // Still parseable JSON: the parser only checks hex, the verifier checks encodings.
  EXPECT_TRUE(Mentions(Verify(SheetFromJson(SheetToJson(s))), "candidate 1 no: non-canonical"));

  s = sheet_;
  s.candidates[0].overall.s.fill(0xff);
  s.candidates[0].overall.s[31] = 0x1f;
  EXPECT_TRUE(Mentions(Verify(s), "candidate 0: overall proof has a non-canonical"));
}

TEST_F(Invalid, WrongContext) {
  EXPECT_FALSE(VerifySheet("another-election", e_.h, sheet_, 2).empty());
  EXPECT_FALSE(VerifySheet(kEid, MakeElection(2).h, sheet_, 2).empty());
  EXPECT_TRUE(Mentions(VerifySheet(kEid, e_.h, sheet_, 3), "expected 3 candidates"));
}

TEST_F(Invalid, MalformedJson) {
  const std::string good = SheetToJson(sheet_);
  EXPECT_THROW(SheetFromJson("{"), std::invalid_argument);
  EXPECT_THROW(SheetFromJson(R"({"candidates":[{"choices":[],"overall":{}}]})"), std::invalid_argument);
  std::string upper = good;
  upper[upper.find("\"alpha\":\"") + 9] = 'A';
  EXPECT_THROW(SheetFromJson(upper), std::invalid_argument);
  EXPECT_THROW(PartialFromJson(R"({"d":"00"})"), std::invalid_argument);
}

// A member who withdraws from a candidate leaves a gap; the other entries keep their index.
TEST(Ballot, BallotsWithRecusalGapsVerifyAndTallyOnlyTheirEntries) {
  const Election e = MakeElection(2);
  auto ballot_of = [&](std::vector<Choice> choices, std::optional<size_t> gap) {
    const EncryptedSheet sheet = EncryptSheet(kEid, e.h, choices);
    Ballot b;
    for (size_t i = 0; i < sheet.candidates.size(); ++i)
      b.candidates.push_back(gap == i ? std::nullopt : std::optional(sheet.candidates[i]));
    return b;
  };
  const std::vector<Ballot> ballots = {ballot_of({kYes, kYes}, std::nullopt), ballot_of({kNo, kYes}, 0),
                                       ballot_of({kYes, kAbstain}, std::nullopt)};
  EXPECT_TRUE(VerifyBallot(kEid, e.h, ballots[1], {true, false}).empty());
  EXPECT_FALSE(VerifyBallot(kEid, e.h, ballots[1], {false, false}).empty()) << "a missing entry";
  EXPECT_FALSE(VerifyBallot(kEid, e.h, ballots[0], {true, false}).empty()) << "a vote it must not give";
  EXPECT_FALSE(VerifyBallot(kEid, e.h, ballots[0], {false}).empty()) << "the wrong count";
  // Moving an entry to another index breaks its proofs.
  Ballot moved = ballots[0];
  std::swap(moved.candidates[0], moved.candidates[1]);
  EXPECT_FALSE(VerifyBallot(kEid, e.h, moved, {false, false}).empty());
  const Ballot back = BallotFromJson(BallotToJson(ballots[1]));
  EXPECT_EQ(BallotFingerprint(back), BallotFingerprint(ballots[1]));
  EXPECT_NE(BallotFingerprint(ballots[0]), BallotFingerprint(ballots[2]));
  EXPECT_FALSE(back.candidates[0].has_value());
  std::vector<int> voters;
  const Tally tally = TallyFromJson(TallyToJson(AggregateBallots(ballots, 2, &voters)));
  EXPECT_EQ(voters, (std::vector<int>{2, 3}));
  const auto counts = Decrypt(e, tally, 3);
  EXPECT_EQ(counts[0], (std::array<int, kChoices>{2, 0, 0}));
  EXPECT_EQ(counts[1], (std::array<int, kChoices>{2, 0, 1}));
  Partials partials;
  for (const auto& row : tally) {
    std::array<PartialDecryption, kChoices> ps{};
    for (size_t j = 0; j < kChoices; ++j) ps[j] = DecryptShare(kEid, e.trustees[0], row[j]);
    partials.push_back(ps);
  }
  EXPECT_EQ(PartialsToJson(PartialsFromJson(PartialsToJson(partials))), PartialsToJson(partials));
  EXPECT_THROW(BallotFromJson("{\"candidates\":[1]}"), std::invalid_argument);
}

TEST(Ballot, PartialDecryptionProofs) {
  const Election e = MakeElection(2);
  const Choice v[] = {kYes};
  const std::vector<EncryptedSheet> sheets = {EncryptSheet(kEid, e.h, v)};
  const Ciphertext ct = Aggregate(sheets, 1)[0][0];
  const KeyShare& t0 = e.trustees[0];
  const KeyShare& t1 = e.trustees[1];
  const PartialDecryption p0 = DecryptShare(kEid, t0, ct);
  EXPECT_TRUE(VerifyPartial(kEid, t0.share.public_key, ct, p0));

  // Trustee 1's partial presented as trustee 0's: the proof is for the wrong public key.
  EXPECT_FALSE(VerifyPartial(kEid, t0.share.public_key, ct, DecryptShare(kEid, t1, ct)));
  // A share decrypted with a wrong secret but claiming trustee 0's public key.
  KeyShare liar{t1.secret, t0.share};
  EXPECT_FALSE(VerifyPartial(kEid, t0.share.public_key, ct, DecryptShare(kEid, liar, ct)));
  PartialDecryption bad = p0;
  bad.d = RawAdd(bad.d, Base());
  EXPECT_FALSE(VerifyPartial(kEid, t0.share.public_key, ct, bad));
  EXPECT_FALSE(VerifyPartial("another-election", t0.share.public_key, ct, p0));
  const Ciphertext other = Aggregate(sheets, 1)[0][1];
  EXPECT_FALSE(VerifyPartial(kEid, t0.share.public_key, other, p0));

  // Missing a trustee's share: nothing in range solves.
  EXPECT_EQ(CombineAndSolve(ct, std::span(&p0, 1), 50), std::nullopt);
}

// --- Shared vectors --------------------------------------------------------------------------------------

// Fixed "randomness": SHA-512 of a label, reduced mod ℓ.
Scalar TestScalar(const std::string& label) {
  const std::string in = "zhicheng/ballot/v1/test-vector/" + label;
  unsigned char digest[crypto_hash_sha512_BYTES];
  crypto_hash_sha512(digest, reinterpret_cast<const unsigned char*>(in.data()), in.size());
  Scalar s;
  crypto_core_ristretto255_scalar_reduce(s.data(), digest);
  return s;
}

json::string H(const std::array<unsigned char, 32>& b) {
  return json::string(ToHex(b));
}

std::string BuildVectors() {
  constexpr std::string_view eid = "zhicheng/vectors/2024-committee";
  constexpr const char* kNames[] = {"yes", "no", "abstain"};
  json::object out;
  out["election_id"] = eid;

  std::vector<KeyShare> trustees;
  std::vector<Point> publics;
  json::array jt;
  for (int i = 0; i < 2; ++i) {
    const std::string t = "trustee" + std::to_string(i);
    const Scalar secret = TestScalar(t + "/secret"), w = TestScalar(t + "/w");
    trustees.push_back(KeyShareFromSecret(eid, secret, w));
    publics.push_back(trustees.back().share.public_key);
    jt.push_back(json::object{{"secret", H(secret)},
                              {"w", H(w)},
                              {"share", json::parse(PublicShareToJson(trustees.back().share))}});
  }
  out["trustees"] = std::move(jt);
  const Point h = CombineKeys(publics);
  out["election_key"] = H(h);

  // Both sheets say "no" to candidate 1, so its "yes" tally is an encryption of g^0 = identity.
  const std::vector<std::vector<Choice>> votes = {{kYes, kNo}, {kAbstain, kNo}};
  std::vector<EncryptedSheet> sheets;
  json::array js;
  for (size_t v = 0; v < votes.size(); ++v) {
    std::vector<CandidateRandomness> rnd(votes[v].size());
    json::array jr, jc;
    for (size_t i = 0; i < rnd.size(); ++i) {
      const std::string p = "sheet" + std::to_string(v) + "/cand" + std::to_string(i);
      json::array jcr;
      for (size_t j = 0; j < kChoices; ++j) {
        const std::string q = p + "/" + kNames[j];
        ChoiceRandomness& r = rnd[i].choices[j];
        r = {TestScalar(q + "/r"), TestScalar(q + "/w"), TestScalar(q + "/c_sim"), TestScalar(q + "/s_sim")};
        jcr.push_back(
            json::object{{"r", H(r.r)}, {"w", H(r.w)}, {"c_sim", H(r.c_sim)}, {"s_sim", H(r.s_sim)}});
      }
      rnd[i].overall_w = TestScalar(p + "/overall_w");
      jr.push_back(json::object{{"choices", std::move(jcr)}, {"overall_w", H(rnd[i].overall_w)}});
      jc.push_back(json::string(kNames[static_cast<int>(votes[v][i])]));
    }
    sheets.push_back(EncryptSheetWith(eid, h, votes[v], rnd));
    js.push_back(json::object{{"choices", std::move(jc)},
                              {"randomness", std::move(jr)},
                              {"sheet", json::parse(SheetToJson(sheets.back()))},
                              {"fingerprint", json::string(SheetFingerprint(sheets.back()))}});
  }
  out["sheets"] = std::move(js);

  const Tally tally = Aggregate(sheets, 2);
  json::array jtally, jpartials, jcounts;
  for (size_t i = 0; i < tally.size(); ++i) {
    json::array row, counts;
    for (size_t j = 0; j < kChoices; ++j) {
      const Ciphertext& ct = tally[i][j];
      row.push_back(json::object{{"alpha", H(ct.alpha)}, {"beta", H(ct.beta)}});
      std::vector<PartialDecryption> partials;
      for (size_t t = 0; t < trustees.size(); ++t) {
        const Scalar w =
            TestScalar("decrypt/trustee" + std::to_string(t) + "/" + std::to_string(i) + "/" + kNames[j]);
        partials.push_back(DecryptShareWith(eid, trustees[t], ct, w));
        jpartials.push_back(json::object{{"trustee", t},
                                         {"candidate", i},
                                         {"choice", kNames[j]},
                                         {"w", H(w)},
                                         {"partial", json::parse(PartialToJson(partials.back()))}});
      }
      counts.push_back(CombineAndSolve(ct, partials, static_cast<int>(sheets.size())).value());
    }
    jtally.push_back(std::move(row));
    jcounts.push_back(std::move(counts));
  }
  out["tally"] = std::move(jtally);
  out["partials"] = std::move(jpartials);
  out["counts"] = std::move(jcounts);
  return json::serialize(out) + "\n";
}

TEST(Vectors, FileMatchesFixedRandomness) {
  const std::string built = BuildVectors();
  if (std::getenv("BALLOT_WRITE_VECTORS")) {
    std::ofstream(kVectors, std::ios::binary) << built;
    GTEST_SKIP() << "wrote " << kVectors;
  }
  EXPECT_EQ(ReadFile(kVectors), built) << "regenerate with BALLOT_WRITE_VECTORS=1 after an intended change";
  const json::value v = json::parse(built);
  EXPECT_EQ(json::serialize(v.at("counts")), "[[1,0,1],[0,2,0]]");
}

// The JS side's own election (its key shares, sheets and partials), checked with the C++ verifier.
TEST(Vectors, JsMadeElectionIsAccepted) {
  const std::string text = ReadFile(kJsMade);
  ASSERT_FALSE(text.empty()) << kJsMade << " is missing";
  const json::value v = json::parse(text);
  const std::string eid(v.at("election_id").as_string());
  const size_t n = v.at("n_candidates").to_number<size_t>();

  std::vector<Point> publics;
  for (const json::value& s : v.at("trustees").as_array()) {
    const PublicShare share = PublicShareFromJson(json::serialize(s));
    EXPECT_TRUE(VerifyKeyShare(eid, share));
    publics.push_back(share.public_key);
  }
  const Point h = CombineKeys(publics);
  EXPECT_EQ(ToHex(h), v.at("election_key").as_string());

  std::vector<EncryptedSheet> sheets;
  for (const json::value& s : v.at("sheets").as_array()) {
    sheets.push_back(SheetFromJson(json::serialize(s.at("sheet"))));
    EXPECT_EQ(VerifySheet(eid, h, sheets.back(), n), std::vector<std::string>{});
    EXPECT_EQ(SheetFingerprint(sheets.back()), std::string(s.at("fingerprint").as_string()));
  }
  const Tally tally = Aggregate(sheets, n);

  // partials[i][j][t]: trustee t's share of tally[i][j].
  const json::array& jp = v.at("partials").as_array();
  std::string counts = "[";
  for (size_t i = 0; i < n; ++i) {
    counts += i ? ",[" : "[";
    for (size_t j = 0; j < kChoices; ++j) {
      std::vector<PartialDecryption> partials;
      for (size_t t = 0; t < publics.size(); ++t) {
        partials.push_back(PartialFromJson(json::serialize(jp.at(i).at(j).at(t))));
        EXPECT_TRUE(VerifyPartial(eid, publics[t], tally[i][j], partials.back()))
            << i << " " << j << " " << t;
      }
      counts += (j ? "," : "") + std::to_string(CombineAndSolve(tally[i][j], partials, 100).value_or(-1));
    }
    counts += "]";
  }
  EXPECT_EQ(counts + "]", json::serialize(v.at("counts")));
}

}  // namespace
}  // namespace zc::ballot
