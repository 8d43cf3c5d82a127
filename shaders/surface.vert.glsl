// 3-D surface of f: the exact region polygons lifted by their affine maps (normalised coordinates, z = f).
in vec3 position;
in float id;        // region colour id (14 bits of the pattern hash), exact in a float
in float value;     // f / range
in float gradient;  // |grad f| / gradient range (constant per facet)
uniform mat4 uViewProjection;
out vec3 vPosition;
flat out uint vId;
out float vValue;
flat out float vGradient;
void main() {
  vPosition = position;
  vId = uint(id + 0.5);
  vValue = value;
  vGradient = gradient;
  gl_Position = uViewProjection * vec4(position, 1.0);
}
