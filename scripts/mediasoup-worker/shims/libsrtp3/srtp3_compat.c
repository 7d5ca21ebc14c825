#define MS_SRTP3_COMPAT_IMPL 1
#include "srtp.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
    srtp_policy_t policy; /* must be first: srtp_create() gets &policy */
    unsigned char key[SRTP_MAX_KEY_LEN];
} ms_policy_holder;

srtp_err_status_t srtp_policy_create(ms_srtp3_policy_t *policy)
{
    ms_policy_holder *h;
    if (policy == NULL)
        return srtp_err_status_bad_param;
    h = (ms_policy_holder *)calloc(1, sizeof(*h));
    if (h == NULL)
        return srtp_err_status_alloc_fail;
    h->policy.window_size = 128;
    h->policy.next = NULL;
    *policy = &h->policy;
    return srtp_err_status_ok;
}

void srtp_policy_destroy(ms_srtp3_policy_t policy)
{
    if (policy != NULL) {
        memset(policy, 0, sizeof(ms_policy_holder));
        free(policy);
    }
}

srtp_err_status_t srtp_policy_set_ssrc(ms_srtp3_policy_t policy, srtp_ssrc_t ssrc)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp_policy_set_profile(ms_srtp3_policy_t policy, srtp_profile_t profile)
{
    srtp_err_status_t err;
    if (policy == NULL)
        return srtp_err_status_bad_param;
    err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->rtp, profile);
    if (err != srtp_err_status_ok)
        return err;
    return srtp_crypto_policy_set_from_profile_for_rtcp(&policy->rtcp, profile);
}

srtp_err_status_t srtp_policy_add_key(ms_srtp3_policy_t policy,
                                      const uint8_t *key, size_t key_len,
                                      const uint8_t *salt, size_t salt_len,
                                      const uint8_t *mki, size_t mki_len)
{
    ms_policy_holder *h = (ms_policy_holder *)policy;
    if (policy == NULL || key == NULL || (salt == NULL && salt_len > 0))
        return srtp_err_status_bad_param;
    if (mki != NULL || mki_len != 0)
        return srtp_err_status_bad_param; /* MKI not supported by this shim */
    if (key_len + salt_len > sizeof(h->key))
        return srtp_err_status_bad_param;
    memcpy(h->key, key, key_len);
    if (salt_len > 0)
        memcpy(h->key + key_len, salt, salt_len);
    policy->key = h->key;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp_policy_set_allow_repeat_tx(ms_srtp3_policy_t policy, bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t srtp_policy_set_window_size(ms_srtp3_policy_t policy, size_t window_size)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->window_size = (unsigned long)window_size;
    return srtp_err_status_ok;
}

static srtp_err_status_t ms_prepare_out(const uint8_t *in, size_t in_len,
                                        uint8_t *out, size_t out_cap, size_t extra)
{
    if (in_len > (size_t)INT32_MAX || in_len + extra > out_cap)
        return srtp_err_status_buffer_small;
    if (out != in)
        memmove(out, in, in_len);
    return srtp_err_status_ok;
}

srtp_err_status_t ms_srtp3_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len,
                                   uint8_t *srtp, size_t *srtp_len, size_t mki_index)
{
    srtp_err_status_t err;
    int len = (int)rtp_len;
    (void)mki_index;
    err = ms_prepare_out(rtp, rtp_len, srtp, *srtp_len, SRTP_MAX_TRAILER_LEN);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_protect(ctx, srtp, &len);
    if (err == srtp_err_status_ok)
        *srtp_len = (size_t)len;
    return err;
}

srtp_err_status_t ms_srtp3_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len,
                                     uint8_t *rtp, size_t *rtp_len)
{
    srtp_err_status_t err;
    int len = (int)srtp_len;
    err = ms_prepare_out(srtp, srtp_len, rtp, *rtp_len, 0);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_unprotect(ctx, rtp, &len);
    if (err == srtp_err_status_ok)
        *rtp_len = (size_t)len;
    return err;
}

srtp_err_status_t ms_srtp3_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len,
                                        uint8_t *srtcp, size_t *srtcp_len, size_t mki_index)
{
    srtp_err_status_t err;
    int len = (int)rtcp_len;
    (void)mki_index;
    err = ms_prepare_out(rtcp, rtcp_len, srtcp, *srtcp_len, SRTP_MAX_TRAILER_LEN + 4);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_protect_rtcp(ctx, srtcp, &len);
    if (err == srtp_err_status_ok)
        *srtcp_len = (size_t)len;
    return err;
}

srtp_err_status_t ms_srtp3_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len,
                                          uint8_t *rtcp, size_t *rtcp_len)
{
    srtp_err_status_t err;
    int len = (int)srtcp_len;
    err = ms_prepare_out(srtcp, srtcp_len, rtcp, *rtcp_len, 0);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_unprotect_rtcp(ctx, rtcp, &len);
    if (err == srtp_err_status_ok)
        *rtcp_len = (size_t)len;
    return err;
}
