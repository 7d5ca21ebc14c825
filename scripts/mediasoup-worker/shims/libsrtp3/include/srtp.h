/*
 * libsrtp 3 API subset used by mediasoup, on top of libsrtp 2.x.
 * mediasoup does `#include <srtp.h>`; this file includes the real libsrtp 2
 * header as <srtp2/srtp.h> and maps the libsrtp 3 names onto compat functions.
 */
#ifndef MS_SRTP3_COMPAT_SRTP_H
#define MS_SRTP3_COMPAT_SRTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <srtp2/srtp.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libsrtp 3 error codes missing in libsrtp 2.5 (values as in libsrtp 3). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

/* In libsrtp 3 srtp_policy_t is an opaque pointer. */
typedef srtp_policy_t *ms_srtp3_policy_t;

srtp_err_status_t srtp_policy_create(ms_srtp3_policy_t *policy);
void srtp_policy_destroy(ms_srtp3_policy_t policy);
srtp_err_status_t srtp_policy_set_ssrc(ms_srtp3_policy_t policy, srtp_ssrc_t ssrc);
srtp_err_status_t srtp_policy_set_profile(ms_srtp3_policy_t policy, srtp_profile_t profile);
srtp_err_status_t srtp_policy_add_key(ms_srtp3_policy_t policy,
                                      const uint8_t *key, size_t key_len,
                                      const uint8_t *salt, size_t salt_len,
                                      const uint8_t *mki, size_t mki_len);
srtp_err_status_t srtp_policy_set_allow_repeat_tx(ms_srtp3_policy_t policy, bool allow);
srtp_err_status_t srtp_policy_set_window_size(ms_srtp3_policy_t policy, size_t window_size);

srtp_err_status_t ms_srtp3_protect(srtp_t ctx, const uint8_t *rtp, size_t rtp_len,
                                   uint8_t *srtp, size_t *srtp_len, size_t mki_index);
srtp_err_status_t ms_srtp3_unprotect(srtp_t ctx, const uint8_t *srtp, size_t srtp_len,
                                     uint8_t *rtp, size_t *rtp_len);
srtp_err_status_t ms_srtp3_protect_rtcp(srtp_t ctx, const uint8_t *rtcp, size_t rtcp_len,
                                        uint8_t *srtcp, size_t *srtcp_len, size_t mki_index);
srtp_err_status_t ms_srtp3_unprotect_rtcp(srtp_t ctx, const uint8_t *srtcp, size_t srtcp_len,
                                          uint8_t *rtcp, size_t *rtcp_len);

#ifdef __cplusplus
}
#endif

#ifndef MS_SRTP3_COMPAT_IMPL
#define srtp_policy_t ms_srtp3_policy_t
#define srtp_protect ms_srtp3_protect
#define srtp_unprotect ms_srtp3_unprotect
#define srtp_protect_rtcp ms_srtp3_protect_rtcp
#define srtp_unprotect_rtcp ms_srtp3_unprotect_rtcp
#define srtp_stream_remove srtp_remove_stream
#endif

#endif
