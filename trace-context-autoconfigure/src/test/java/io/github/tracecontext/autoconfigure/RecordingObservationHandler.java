package io.github.tracecontext.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Keeps every observation context it sees, for the client auto-configuration tests.
 */
class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

	final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

	@Override
	public void onStart(Observation.Context context) {
		this.contexts.add(context);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
