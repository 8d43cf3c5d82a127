// 3-D surface of f: the exact region polygons lifted by their affine maps (normalised coordinates, z = f).
in vec3 position;
in float id;        // region colour id (14 bits of the pattern hash), exact in a float
in float value;     // f / range
in float gradient;  // |grad f| / gradient range (constant per facet)
in vec4 out0;       // outputs 0-3, 4-7, 8-11 (padded with -1e30), for the argmax class colour
in vec4 out1;
in vec4 out2;
uniform mat4 uViewProjection;
out vec3 vPosition;
flat out uint vId;
out float vValue;
flat out float vGradient;
out vec4 vOut0;
out vec4 vOut1;
out vec4 vOut2;
void main() {
  vPosition = position;
  vId = uint(id + 0.5);
  vValue = value;
  vGradient = gradient;
  vOut0 = out0;
  vOut1 = out1;
  vOut2 = out2;
  gl_Position = uViewProjection * vec4(position, 1.0);
}
