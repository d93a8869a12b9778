// gps_transport_model_data.h: the shipped GPS transport-mode model, embedded
// at build time from pipeline/models/gps_transport_model.txtpb (text format)
// so that the installed library and the CLI need no file at run time.
#ifndef MINSENSE_PIPELINE_GPS_TRANSPORT_MODEL_DATA_H_
#define MINSENSE_PIPELINE_GPS_TRANSPORT_MODEL_DATA_H_

namespace minsense {

extern const char kGpsTransportModelText[];

}  // namespace minsense

#endif  // MINSENSE_PIPELINE_GPS_TRANSPORT_MODEL_DATA_H_
