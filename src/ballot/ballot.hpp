#pragma once
// Cryptographic core of the verifiable secret ballot: exponential ElGamal on ristretto255, Helios/Belenios
// style. A sheet holds, for every candidate, three ciphertexts (yes, no, abstain) each encrypting 0 or 1,
// with a disjunctive proof per ciphertext (m ∈ {0,1}) and a proof per candidate that the three sum to 1.
// Trustees each hold a secret share x_i; the election key is h = Π g^x_i, and tallies are decrypted by
// combining verifiable partial decryptions α^x_i.
//
// The Fiat–Shamir transcript and the JSON shapes are defined in TRANSCRIPT.md and shared byte for byte with
// js/ballot.ts (the browser side). Call Init() once before anything else.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zc::ballot {

// Canonical 32-byte ristretto255 encoding; the identity is all zeros.
using Point = std::array<unsigned char, 32>;
// 32-byte little-endian integer, reduced mod ℓ (the group order).
using Scalar = std::array<unsigned char, 32>;

// Order of the three ciphertexts of a candidate.
enum class Choice : uint8_t { kYes = 0, kNo = 1, kAbstain = 2 };
inline constexpr size_t kChoices = 3;

struct Ciphertext {
  Point alpha;  // g^r
  Point beta;   // g^m · h^r
};

// Proofs are kept in Helios form (commitments, challenge, response) so the verifier recomputes the challenge
// from the transcript and checks it, rather than trusting a hash-only encoding.
struct SchnorrProof {
  Point a;  // g^w
  Scalar c, s;
};
// Proves log_G1 X1 = log_G2 X2 = x: a = G1^w, b = G2^w, s = w + c·x.
struct ChaumPedersenProof {
  Point a, b;
  Scalar c, s;
};
// branch[j] proves "the ciphertext encrypts j"; exactly one branch is real, and branch[0].c + branch[1].c is
// the transcript challenge, so the verifier cannot tell which.
struct RangeProof {
  std::array<ChaumPedersenProof, 2> branch;
};

struct EncryptedChoice {
  Ciphertext ct;
  RangeProof proof;
};
struct EncryptedCandidate {
  std::array<EncryptedChoice, kChoices> choices;  // indexed by Choice
  ChaumPedersenProof overall;                     // the product of the three encrypts exactly 1
};
struct EncryptedSheet {
  std::vector<EncryptedCandidate> candidates;
};

// What a trustee publishes; the secret never leaves the trustee.
struct PublicShare {
  Point public_key;  // h_i = g^x_i
  SchnorrProof proof;
};
struct KeyShare {
  Scalar secret;  // x_i
  PublicShare share;
};

struct PartialDecryption {
  Point d;                   // α^x_i
  ChaumPedersenProof proof;  // log_g h_i = log_α d_i
};

// tally[candidate][choice] = product of that ciphertext over all sheets.
using Tally = std::vector<std::array<Ciphertext, kChoices>>;

// Explicit randomness, so that tests and shared vectors can be reproduced byte for byte.
struct ChoiceRandomness {
  Scalar r;      // encryption randomness
  Scalar w;      // commitment nonce of the real branch
  Scalar c_sim;  // challenge of the simulated branch
  Scalar s_sim;  // response of the simulated branch
};
struct CandidateRandomness {
  std::array<ChoiceRandomness, kChoices> choices;
  Scalar overall_w;  // commitment nonce of the overall proof
};

// Initialises libsodium; throws std::runtime_error on failure.
void Init();

std::string ToHex(std::span<const unsigned char> bytes);
// Exactly 64 lowercase hex characters (the only form the JSON uses), else nullopt.
std::optional<std::array<unsigned char, 32>> FromHex32(std::string_view hex);

// A uniformly random non-zero scalar.
Scalar RandomScalar();
// s < ℓ.
bool IsCanonicalScalar(const Scalar& s);
// A canonical ristretto255 encoding (the identity included).
bool IsValidPoint(const Point& p);

// --- Trustees -------------------------------------------------------------------------------------------

KeyShare GenerateKeyShare(std::string_view election_id);
// Deterministic variant: `secret` must be non-zero, `w` is the proof nonce.
KeyShare KeyShareFromSecret(std::string_view election_id, const Scalar& secret, const Scalar& w);
// Also rejects the identity as a public key (a zero secret).
bool VerifyKeyShare(std::string_view election_id, const PublicShare& share);
// h = Π h_i. Throws std::invalid_argument for fewer than 2 shares, an invalid point or an identity result.
// The shares' proofs must have been checked with VerifyKeyShare (this is what stops rogue-key attacks).
Point CombineKeys(std::span<const Point> public_keys);

// --- Voters ---------------------------------------------------------------------------------------------

// One choice per candidate. Throws std::invalid_argument if `h` is not a valid non-identity point.
EncryptedSheet EncryptSheet(std::string_view election_id, const Point& h, std::span<const Choice> choices);
// Deterministic variant; `randomness` has one entry per candidate.
EncryptedSheet EncryptSheetWith(std::string_view election_id, const Point& h, std::span<const Choice> choices,
                                std::span<const CandidateRandomness> randomness);
// Every problem found (empty = valid). Checks the candidate count, canonical encodings of every point and
// scalar, every range proof and every overall proof.
std::vector<std::string> VerifySheet(std::string_view election_id, const Point& h,
                                     const EncryptedSheet& sheet, size_t n_candidates);
// Hex SHA-256 of the sheet's binary encoding (see TRANSCRIPT.md), shown to the voter as a receipt.
std::string SheetFingerprint(const EncryptedSheet& sheet);
// The problems of one candidate's entry at index `index` of a sheet (the index is bound into its proofs).
std::vector<std::string> VerifyCandidate(std::string_view election_id, const Point& h, uint32_t index,
                                         const EncryptedCandidate& candidate);

// --- A committee member's ballot: a sheet with gaps ----------------------------------------------------
// A member who withdraws from a candidate (回避) casts no vote on it: that entry is absent (JSON null), and
// every other entry keeps its index, which its proofs bind.
struct Ballot {
  std::vector<std::optional<EncryptedCandidate>> candidates;
};
// Every problem: the count of entries, the gaps exactly where `absent[i]` is true, and each entry's proofs.
std::vector<std::string> VerifyBallot(std::string_view election_id, const Point& h, const Ballot& ballot,
                                      const std::vector<bool>& absent);
// Hex SHA-256 over, per candidate, 0x00 for a gap or 0x01 and the entry's values in the sheet fingerprint's
// order (docs/ballot-transcript.md "Ballot fingerprint").
std::string BallotFingerprint(const Ballot& ballot);
// tally[i][j]: the product over the ballots that have entry i (gaps add nothing). `voters[i]` is how many
// ballots have entry i, the bound for CombineAndSolve.
Tally AggregateBallots(std::span<const Ballot> ballots, size_t n_candidates,
                       std::vector<int>* voters = nullptr);
std::string BallotToJson(const Ballot& ballot);
Ballot BallotFromJson(std::string_view json);  // throws std::invalid_argument on a malformed shape
std::string TallyToJson(const Tally& tally);
Tally TallyFromJson(std::string_view json);
// One trustee's partial decryptions of a tally, [candidate][choice].
using Partials = std::vector<std::array<PartialDecryption, kChoices>>;
std::string PartialsToJson(const Partials& partials);
Partials PartialsFromJson(std::string_view json);

// --- Tally ----------------------------------------------------------------------------------------------

// Homomorphic product of already verified sheets. `n_candidates` is explicit so that an election without
// sheets still has a (trivially zero) tally. Throws std::invalid_argument on a candidate count mismatch.
Tally Aggregate(std::span<const EncryptedSheet> sheets, size_t n_candidates);

PartialDecryption DecryptShare(std::string_view election_id, const KeyShare& key, const Ciphertext& ct);
// Deterministic variant; `w` is the proof nonce.
PartialDecryption DecryptShareWith(std::string_view election_id, const KeyShare& key, const Ciphertext& ct,
                                   const Scalar& w);
bool VerifyPartial(std::string_view election_id, const Point& public_key, const Ciphertext& ct,
                   const PartialDecryption& partial);
// m such that g^m = β / Π d_i, searched over 0..max; nullopt if none. The partials (one per trustee) must
// have been checked with VerifyPartial.
std::optional<int> CombineAndSolve(const Ciphertext& ct, std::span<const PartialDecryption> partials,
                                   int max);

// --- JSON (shapes in TRANSCRIPT.md) ----------------------------------------------------------------------
// Parsers check the shape and the hex, and throw std::invalid_argument; they do not check that points are
// canonical — the Verify* functions do, and report it.

std::string SheetToJson(const EncryptedSheet& sheet);
EncryptedSheet SheetFromJson(std::string_view json);
std::string PublicShareToJson(const PublicShare& share);
PublicShare PublicShareFromJson(std::string_view json);
std::string PartialToJson(const PartialDecryption& partial);
PartialDecryption PartialFromJson(std::string_view json);

}  // namespace zc::ballot
