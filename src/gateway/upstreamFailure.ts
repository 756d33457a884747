/** Why a relayed call failed on the upstream's side, with the status the gateway answers (502, or 504 for a timeout). */
export class UpstreamFailure extends Error {
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}
