/*
 * sync.c — naming the sync folder, this device's id and sync state, and the
 * folder key of a vault's journal.
 *
 * The folder says in haven-sync.json how its segments are kept.  For a
 * vault it holds the folder key wrapped under a key from the passphrase
 * (Argon2id, with its salt and limits beside it), so every device that
 * knows the passphrase can read every other device's segments, though each
 * database's own vault key differs (each has its own salt).  Each device
 * keeps the folder key in its `meta`, sealed under its own vault key, so a
 * sync needs the vault unlocked and nothing more.
 */
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/vault.h"
#include "sync-private.h"

#define KEY_AD  "haven sync folder key"
#define META_AD "sync.key"

int hv_sync_mark_get(struct hv_store *st, const char *key, int64_t *seq,
                     unsigned char hash[HV_SEG_HASH_LEN], struct hv_error *err)
{
	char buf[128], hex[HV_SEG_HASH_LEN * 2 + 1];
	long long s = 0;
	*seq = 0;
	memset(hash, 0, HV_SEG_HASH_LEN);
	int got = hv_store_meta_get(st, key, buf, sizeof buf, err);
	if (got <= 0)
		return got;
	size_t len = 0;
	if (sscanf(buf, "%lld %64s", &s, hex) != 2 || s < 1 ||
	    sodium_hex2bin(hash, HV_SEG_HASH_LEN, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != HV_SEG_HASH_LEN)
		return hv_fail(err, HV_ECORRUPT, "the sync setting %s is damaged", key);
	*seq = s;
	return 1;
}

int hv_sync_mark_set(struct hv_store *st, const char *key, int64_t seq,
                     const unsigned char hash[HV_SEG_HASH_LEN], struct hv_error *err)
{
	char buf[128], hex[HV_SEG_HASH_LEN * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, hash, HV_SEG_HASH_LEN);
	snprintf(buf, sizeof buf, "%lld %s", (long long)seq, hex);
	return hv_store_meta_set(st, key, buf, err);
}

int hv_sync_folder(struct hv_store *st, char *buf, size_t n, struct hv_error *err)
{
	return hv_store_meta_get(st, "sync.folder", buf, n, err);
}

int hv_sync_auto(struct hv_store *st)
{
	char buf[16];
	struct hv_error err;
	return hv_store_meta_get(st, "sync.auto", buf, sizeof buf, &err) == 1 &&
	       strcmp(buf, "on") == 0;
}

/* The device id of this database: the one its version vectors use. */
static int device_id(struct hv_store *st, int fresh, char out[HV_DEVICE_LEN + 1],
                     struct hv_error *err)
{
	char buf[64];
	int got = fresh ? 0 : hv_store_meta_get(st, "device", buf, sizeof buf, err);
	if (got < 0)
		return -1;
	if (got && hv_segment_device_valid(buf)) {
		memcpy(out, buf, HV_DEVICE_LEN + 1);
		return 0;
	}
	hv_device_new(out);
	return hv_store_meta_set(st, "device", out, err);
}

static int folder_usable(const char *folder, struct hv_error *err)
{
	struct stat sb;
	if (stat(folder, &sb) != 0)
		return hv_fail(err, errno == ENOENT ? HV_EINVAL : HV_EIO,
		               "the sync folder %s is not there (%s). Make it, or check that its "
		               "drive is mounted",
		               folder, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return hv_fail(err, HV_EINVAL,
		               "%s is not a folder; name the folder your sync engine "
		               "keeps in step",
		               folder);
	if (access(folder, W_OK | X_OK) != 0)
		return hv_fail(err, HV_EIO,
		               "the sync folder %s cannot be written (%s). Check its owner and "
		               "permissions",
		               folder, strerror(errno));
	return 0;
}

/* Wrap a new folder key under pass, into the folder's file. */
static int new_folder_file(const char *folder, const char *pass, size_t n,
                           unsigned char key[HV_SEG_KEY_LEN], struct hv_error *err)
{
	json_t *j;
	if (!pass)
		j = json_pack("{s:i, s:b}", "haven_sync", 1, "sealed", 0);
	else {
		struct hv_kdf k;
		unsigned char *wrap = hv_key_new(pass, n, &k, err), *box = NULL;
		size_t blen = 0;
		if (!wrap)
			return -1;
		randombytes_buf(key, HV_SEG_KEY_LEN);
		int rc = hv_seal(wrap, key, HV_SEG_KEY_LEN, KEY_AD, &box, &blen);
		hv_key_free(wrap);
		if (rc < 0)
			return hv_fail(err, HV_ENOMEM, "out of memory");
		char salt[HV_SALT_BYTES * 2 + 1], *bhex = malloc(blen * 2 + 1);
		sodium_bin2hex(salt, sizeof salt, k.salt, HV_SALT_BYTES);
		if (bhex)
			sodium_bin2hex(bhex, blen * 2 + 1, box, blen);
		free(box);
		j = bhex ? json_pack("{s:i, s:b, s:{s:I, s:I, s:s}, s:s}", "haven_sync", 1,
		                     "sealed", 1, "kdf", "ops", (json_int_t)k.ops, "mem",
		                     (json_int_t)k.mem, "salt", salt, "key", bhex)
		         : NULL;
		free(bhex);
	}
	char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!text)
		return hv_fail(err, HV_ENOMEM, "out of memory");
	int rc = hv_sync_put_file(folder, HV_SYNC_FOLDER_FILE, text, strlen(text), err);
	free(text);
	/* Another device named the folder at the same moment: read its file. */
	return rc < 0 ? -1 : rc;
}

/* Unwrap the folder key with pass. */
static int open_folder_key(const json_t *j, const char *path, const char *pass, size_t n,
                           unsigned char key[HV_SEG_KEY_LEN], struct hv_error *err)
{
	const char *salt, *bhex;
	json_int_t ops, mem;
	struct hv_kdf k;
	size_t got = 0, blen = 0;
	unsigned char box[256];
	if (json_unpack((json_t *)j, "{s:{s:I, s:I, s:s}, s:s}", "kdf", "ops", &ops, "mem", &mem,
	                "salt", &salt, "key", &bhex) != 0 ||
	    ops < 1 || mem < 1 ||
	    sodium_hex2bin(k.salt, sizeof k.salt, salt, strlen(salt), NULL, &got, NULL) != 0 ||
	    got != HV_SALT_BYTES ||
	    sodium_hex2bin(box, sizeof box, bhex, strlen(bhex), NULL, &blen, NULL) != 0)
		return hv_fail(err, HV_EDATA, "%s is damaged: its sealed key cannot be read", path);
	k.ops = (uint64_t)ops;
	k.mem = (uint64_t)mem;
	if (hv_kdf_check(&k, err) < 0)
		return -1;
	unsigned char *wrap = hv_key_derive(pass, n, &k, err), *m = NULL;
	size_t mlen = 0;
	if (!wrap)
		return -1;
	int rc = hv_open(wrap, box, blen, KEY_AD, &m, &mlen);
	hv_key_free(wrap);
	if (rc < 0 || mlen != HV_SEG_KEY_LEN) {
		free(m);
		return hv_fail(err, HV_EDATA,
		               "that passphrase does not open the sync folder's key. Give the "
		               "passphrase the first device used with this folder");
	}
	memcpy(key, m, HV_SEG_KEY_LEN);
	sodium_memzero(m, mlen);
	free(m);
	return 0;
}

/* Read the folder's file (making it when new): sealed or not, and the key. */
static int folder_key(const char *folder, const char *pass, size_t n, int *sealed,
                      unsigned char key[HV_SEG_KEY_LEN], struct hv_error *err)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof path, "%s/%s", folder, HV_SYNC_FOLDER_FILE);
	for (int tries = 0; tries < 2; tries++) {
		unsigned char *buf;
		size_t len;
		int got = hv_sync_get_file(path, &buf, &len, err);
		if (got < 0)
			return -1;
		if (got == 1) {
			*sealed = pass != NULL;
			int rc = new_folder_file(folder, pass, n, key, err);
			if (rc <= 0)
				return rc;
			continue;
		}
		json_error_t je;
		json_t *j = json_loadb((const char *)buf, len, 0, &je);
		free(buf);
		int s = json_is_true(json_object_get(j, "sealed"));
		int ok =
		    json_is_object(j) && json_integer_value(json_object_get(j, "haven_sync")) == 1;
		int rc =
		    !ok ? hv_fail(err, HV_EDATA, "%s is not a haven sync file", path)
		    : s != (pass != NULL)
		        ? hv_fail(err, HV_EDATA,
		                  s ? "the sync folder %s holds a vault's journal (sealed), and "
		                      "this journal is not a vault. Run `haven vault enable` "
		                      "first"
		                    : "the sync folder %s holds a plain journal, and this "
		                      "journal is a vault: its entries would leave it "
		                      "unsealed. Use another folder",
		                  folder)
		    : s ? open_folder_key(j, path, pass, n, key, err)
		        : 0;
		json_decref(j);
		*sealed = s;
		return rc;
	}
	return hv_fail(err, HV_EIO, "cannot read %s", path);
}

static int set_key(struct hv_store *st, const unsigned char key[HV_SEG_KEY_LEN],
                   struct hv_error *err)
{
	char hex[HV_SEG_KEY_LEN * 2 + 1], *box = NULL;
	sodium_bin2hex(hex, sizeof hex, key, HV_SEG_KEY_LEN);
	int rc = hv_vault_seal_secret(st, META_AD, hex, &box, err);
	sodium_memzero(hex, sizeof hex);
	if (rc == 0)
		rc = hv_store_meta_set(st, "sync.key", box, err);
	free(box);
	return rc;
}

/*
 * Which device this database is in the folder, and whether it starts
 * sending afresh.  Naming the same folder again (after a new vault
 * passphrase) changes nothing.  A fresh id when asked, or for another
 * folder than before: that folder's devices have never seen this one's
 * segments, so it starts as a new device, sending the whole journal.
 */
static int choose_device(struct hv_store *st, const char *abs, int new_device,
                         char dev[HV_DEVICE_LEN + 1], struct hv_error *err)
{
	char before[PATH_MAX];
	int had = hv_store_meta_get(st, "sync.folder", before, sizeof before, err);
	if (had < 0)
		return -1;
	int same = had && strcmp(before, abs) == 0;
	if (device_id(st, new_device || (had && !same), dev, err) < 0)
		return -1;
	if (same && !new_device)
		return 0;
	static const char *const reset[] = {"sync.own", "sync.sent", "sync.pending",
	                                    "sync.pending_sent", "sync.extra"};
	for (size_t i = 0; i < sizeof reset / sizeof *reset; i++)
		if (hv_store_meta_set(st, reset[i], NULL, err) < 0)
			return -1;
	return hv_store_meta_set(st, "sync.folder", abs, err);
}

int hv_sync_init(struct hv_store *st, const char *folder, const char *pass, size_t n,
                 int new_device, struct hv_error *err)
{
	char abs[PATH_MAX], dev[HV_DEVICE_LEN + 1], own[PATH_MAX + 32];
	unsigned char key[HV_SEG_KEY_LEN];
	int sealed = 0;
	if (hv_vault_on(st) && !pass)
		return hv_fail(err, HV_EINVAL,
		               "this journal is a vault: its sync folder needs the "
		               "passphrase");
	if (folder_usable(folder, err) < 0)
		return -1;
	if (!realpath(folder, abs))
		return hv_fail(err, HV_EIO, "cannot find %s: %s", folder, strerror(errno));
	if (folder_key(abs, hv_vault_on(st) ? pass : NULL, n, &sealed, key, err) < 0)
		return -1;
	int rc = hv_store_begin(st, err);
	if (rc == 0)
		rc = choose_device(st, abs, new_device, dev, err);
	if (rc == 0 && sealed)
		rc = set_key(st, key, err);
	sodium_memzero(key, sizeof key);
	snprintf(own, sizeof own, "%s/%s", abs, dev);
	if (rc == 0)
		rc = hv_sync_mkdir(own, err);
	if (rc < 0) {
		hv_store_rollback(st);
		return -1;
	}
	return hv_store_commit(st, err);
}

/* The folder key from meta, sealed under the vault key. */
static int load_key(struct hv_store *st, struct hv_sync_state *s, struct hv_error *err)
{
	char box[512];
	int got = hv_store_meta_get(st, "sync.key", box, sizeof box, err);
	if (got < 0)
		return -1;
	if (got == 0)
		return hv_fail(err, HV_EINVAL,
		               "this journal became a vault after its sync folder "
		               "was named: run `haven sync init %s` again",
		               s->folder);
	struct hv_error e2;
	char *hex = hv_vault_open_secret(st, META_AD, box, &e2);
	size_t len = 0;
	int ok = hex &&
	         sodium_hex2bin(s->key_buf, sizeof s->key_buf, hex, strlen(hex), NULL, &len,
	                        NULL) == 0 &&
	         len == HV_SEG_KEY_LEN;
	hv_vault_free_secret(hex);
	if (!ok)
		return hv_fail(err, HV_EINVAL,
		               "the sync folder's key kept here does not open (after a new "
		               "passphrase it must be given again): run `haven sync init %s`",
		               s->folder);
	s->key = s->key_buf;
	return 0;
}

int hv_sync_state_load(struct hv_store *st, struct hv_sync_state *s, struct hv_error *err)
{
	memset(s, 0, sizeof *s);
	int got = hv_sync_folder(st, s->folder, sizeof s->folder, err);
	if (got < 0)
		return -1;
	if (got == 0)
		return hv_fail(err, HV_EINVAL,
		               "no sync folder is named yet: run `haven sync init FOLDER` first");
	char buf[64];
	/* A folder gone (a drive not mounted) is no usage error here. */
	if (folder_usable(s->folder, err) < 0) {
		err->code = err->code == HV_EINVAL ? HV_EIO : err->code;
		return -1;
	}
	if ((got = hv_store_meta_get(st, "device", s->device, sizeof s->device, err)) < 0)
		return -1;
	if (!got || !hv_segment_device_valid(s->device))
		return hv_fail(err, HV_ECORRUPT,
		               "this journal's device id is missing: run `haven "
		               "sync init %s` again",
		               s->folder);
	if (hv_vault_on(st) && load_key(st, s, err) < 0)
		return -1;
	if (hv_sync_mark_get(st, "sync.own", &s->own_seq, s->own_hash, err) < 0 ||
	    (got = hv_store_meta_get(st, "sync.sent", buf, sizeof buf, err)) < 0)
		return -1;
	long long ms, nn;
	if (got && sscanf(buf, "%lld %lld", &ms, &nn) == 2) {
		s->sent_any = 1;
		s->sent_ms = ms;
		s->sent_n = nn;
	}
	return 0;
}

void hv_sync_state_wipe(struct hv_sync_state *s)
{
	sodium_memzero(s->key_buf, sizeof s->key_buf);
	s->key = NULL;
}
